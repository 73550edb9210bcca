using DurableTask.Core;

namespace PrivateLink.Engine;

/// <summary>Hands DurableTask.Core the orchestrations and activities of the registry, created on demand.</summary>
/// <typeparam name="T">TaskOrchestration or TaskActivity.</typeparam>
internal sealed class TaskObjectManager<T>(Func<string, T?> create) : INameVersionObjectManager<T>
{
    public void Add(ObjectCreator<T> creator) =>
        throw new NotSupportedException("Tasks are registered through DurableTaskRegistry (AddOnboardingTasks), not on the core worker.");

    public T? GetObject(string name, string? version) => create(name);
}
