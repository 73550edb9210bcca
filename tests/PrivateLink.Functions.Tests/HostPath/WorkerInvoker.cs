using System.Collections.Immutable;
using System.Reflection;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Converters;
using Microsoft.Azure.Functions.Worker.Core.FunctionMetadata;
using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;
using Microsoft.Extensions.DependencyInjection;

namespace PrivateLink.Functions.Tests.HostPath;

/// <summary>
/// Invokes functions the way the worker's gRPC layer does when the Functions host sends an invocation: the function loaded from the
/// worker's own generated metadata, a context from the worker's <c>IFunctionsApplication</c>, binding data as the host sends it,
/// then the worker's whole middleware pipeline (the Durable extension's middleware and executor, the generated function executor,
/// the input converters). Only the gRPC transport is replaced: the worker's binding feature is internal, so this sets its own.
/// </summary>
internal sealed class WorkerInvoker
{
    private static readonly Assembly WorkerCore = typeof(FunctionContext).Assembly;
    private static readonly Type ApplicationType = WorkerCore.GetType("Microsoft.Azure.Functions.Worker.IFunctionsApplication", throwOnError: true)!;
    private static readonly Type FeaturesFactoryType = WorkerCore.GetType("Microsoft.Azure.Functions.Worker.IInvocationFeaturesFactory", throwOnError: true)!;
    private static readonly Type BindingsFeatureType = WorkerCore.GetType("Microsoft.Azure.Functions.Worker.Context.Features.IFunctionBindingsFeature", throwOnError: true)!;
    private static readonly Type ConversionProviderType = WorkerCore.GetType("Microsoft.Azure.Functions.Worker.Context.Features.IInputConversionFeatureProvider", throwOnError: true)!;
    private static readonly Type ConversionFeatureType = WorkerCore.GetType("Microsoft.Azure.Functions.Worker.Context.Features.IInputConversionFeature", throwOnError: true)!;
    private static readonly Type DefaultConversionFeatureType = WorkerCore.GetType("Microsoft.Azure.Functions.Worker.Context.Features.DefaultInputConversionFeature", throwOnError: true)!;
    private static readonly Type OutputInfoProviderType = WorkerCore.GetType("Microsoft.Azure.Functions.Worker.OutputBindings.IOutputBindingsInfoProvider", throwOnError: true)!;

    private readonly IServiceProvider _services;
    private readonly object _application;
    private readonly Dictionary<string, FunctionDefinition> _functions;

    private WorkerInvoker(IServiceProvider services, object application, Dictionary<string, FunctionDefinition> functions)
    {
        _services = services;
        _application = application;
        _functions = functions;
    }

    /// <summary>Gets the names of the functions the worker indexed.</summary>
    public IReadOnlyCollection<string> FunctionNames => _functions.Keys;

    /// <summary>Loads every function of the worker's generated metadata into its application, as the host's load requests do.</summary>
    /// <param name="services">The built worker's services.</param>
    /// <returns>The invoker.</returns>
    public static async Task<WorkerInvoker> LoadAsync(IServiceProvider services)
    {
        object application = services.GetRequiredService(ApplicationType);
        IFunctionMetadataProvider provider = services.GetRequiredService<IFunctionMetadataProvider>();
        string directory = Path.GetDirectoryName(typeof(FunctionsAppServices).Assembly.Location)!;
        var functions = new Dictionary<string, FunctionDefinition>(StringComparer.Ordinal);
        foreach (IFunctionMetadata metadata in await provider.GetFunctionMetadataAsync(directory))
        {
            var definition = new LoadedFunction(metadata, directory);
            ApplicationType.GetMethod("LoadFunction")!.Invoke(application, [definition]);
            functions.Add(definition.Name, definition);
        }

        return new WorkerInvoker(services, application, functions);
    }

    /// <summary>Gets the name of a function's trigger binding.</summary>
    /// <param name="functionName">The function.</param>
    /// <returns>The binding name.</returns>
    public string TriggerBindingName(string functionName) => Trigger(functionName).Name;

    /// <summary>Gets the type of a function's trigger binding (for example <c>activityTrigger</c>).</summary>
    /// <param name="functionName">The function.</param>
    /// <returns>The binding type.</returns>
    public string TriggerType(string functionName) => Trigger(functionName).Type;

    private BindingMetadata Trigger(string functionName) =>
        _functions[functionName].InputBindings.Values.Single(b => b.Type.EndsWith("Trigger", StringComparison.OrdinalIgnoreCase));

    /// <summary>Invokes a function with the given input binding data (what the host puts in the invocation request).</summary>
    /// <param name="functionName">The function.</param>
    /// <param name="inputData">Binding name → value (a string for the Durable triggers and the client binding).</param>
    /// <param name="triggerMetadata">Trigger metadata (for activities: <c>instanceId</c>).</param>
    /// <param name="cancellationToken">Cancels the invocation.</param>
    /// <param name="invocationId">The invocation id (an HTTP trigger's forwarded request names it in <c>x-ms-invocation-id</c>).</param>
    /// <returns>The invocation result the worker hands back to the host.</returns>
    public async Task<object?> InvokeAsync(
        string functionName,
        IReadOnlyDictionary<string, object?> inputData,
        IReadOnlyDictionary<string, object?>? triggerMetadata = null,
        CancellationToken cancellationToken = default,
        string? invocationId = null)
    {
        FunctionDefinition definition = _functions[functionName];
        object featuresFactory = _services.GetRequiredService(FeaturesFactoryType);
        var features = (IInvocationFeatures)FeaturesFactoryType.GetMethod("Create")!.Invoke(featuresFactory, null)!;
        features.Set<FunctionInvocation>(new Invocation(invocationId ?? Guid.NewGuid().ToString(), definition.Id));
        var context = (FunctionContext)ApplicationType.GetMethod("CreateContext")!.Invoke(_application, [features, cancellationToken])!;

        object outputInfoProvider = _services.GetRequiredService(OutputInfoProviderType);
        object outputInfo = OutputInfoProviderType.GetMethod("GetBindingsInfo")!.Invoke(outputInfoProvider, [definition])!;
        object bindings = DispatchProxy.Create(BindingsFeatureType, typeof(BindingsFeature));
        ((BindingsFeature)bindings).Initialize(inputData, triggerMetadata ?? inputData, outputInfo);
        Set(features, BindingsFeatureType, bindings);

        // As the gRPC invocation handler does: the worker's input conversion feature, from its provider.
        object conversionProvider = _services.GetRequiredService(ConversionProviderType);
        object?[] tryCreate = [DefaultConversionFeatureType, null];
        if (!(bool)ConversionProviderType.GetMethod("TryCreate")!.Invoke(conversionProvider, tryCreate)!)
        {
            throw new InvalidOperationException("The worker created no input conversion feature.");
        }

        Set(features, ConversionFeatureType, tryCreate[1]!);

        await (Task)ApplicationType.GetMethod("InvokeFunctionAsync")!.Invoke(_application, [context])!;
        return ((BindingsFeature)bindings).InvocationResult;
    }

    private static void Set(IInvocationFeatures features, Type type, object instance) =>
        typeof(IInvocationFeatures).GetMethod(nameof(IInvocationFeatures.Set))!.MakeGenericMethod(type).Invoke(features, [instance]);

    /// <summary>The worker's binding feature: what the gRPC layer fills from the host's invocation request.</summary>
    public class BindingsFeature : DispatchProxy
    {
        private IReadOnlyDictionary<string, object?> _input = ImmutableDictionary<string, object?>.Empty;
        private IReadOnlyDictionary<string, object?> _trigger = ImmutableDictionary<string, object?>.Empty;
        private readonly Dictionary<string, object?> _outputs = [];
        private object? _outputInfo;

        public object? InvocationResult { get; private set; }

        public void Initialize(IReadOnlyDictionary<string, object?> input, IReadOnlyDictionary<string, object?> trigger, object outputInfo)
        {
            _input = input;
            _trigger = trigger;
            _outputInfo = outputInfo;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            switch (targetMethod?.Name)
            {
                case "get_InputData":
                    return _input;
                case "get_TriggerMetadata":
                    return _trigger;
                case "get_OutputBindingData":
                    return _outputs;
                case "get_OutputBindingsInfo":
                    return _outputInfo;
                case "get_InvocationResult":
                    return InvocationResult;
                case "set_InvocationResult":
                    InvocationResult = args![0];
                    return null;
                default:
                    throw new NotSupportedException(targetMethod?.Name);
            }
        }
    }

    private sealed class Invocation(string id, string functionId) : FunctionInvocation
    {
        public override string Id { get; } = id;

        public override string FunctionId { get; } = functionId;

        public override TraceContext TraceContext { get; } = new Trace();
    }

    private sealed class Trace : TraceContext
    {
        public override string TraceParent => "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

        public override string TraceState => string.Empty;
    }

    /// <summary>A function as the worker defines it from the host's load request: metadata bindings, the method's parameters.</summary>
    private sealed class LoadedFunction : FunctionDefinition
    {
        public LoadedFunction(IFunctionMetadata metadata, string directory)
        {
            Name = metadata.Name!;
            Id = metadata.FunctionId ?? Name;
            EntryPoint = metadata.EntryPoint!;
            PathToAssembly = Path.GetFullPath(Path.Combine(directory, metadata.ScriptFile!));
            var input = ImmutableDictionary.CreateBuilder<string, BindingMetadata>();
            var output = ImmutableDictionary.CreateBuilder<string, BindingMetadata>();
            foreach (string raw in metadata.RawBindings ?? [])
            {
                using JsonDocument json = JsonDocument.Parse(raw);
                string name = json.RootElement.GetProperty("name").GetString()!;
                string type = json.RootElement.GetProperty("type").GetString()!;
                bool isIn = string.Equals(json.RootElement.GetProperty("direction").GetString(), "In", StringComparison.OrdinalIgnoreCase);
                (isIn ? input : output).Add(name, new Binding(name, type, isIn ? BindingDirection.In : BindingDirection.Out));
            }

            InputBindings = input.ToImmutable();
            OutputBindings = output.ToImmutable();
            int split = EntryPoint.LastIndexOf('.');
            MethodInfo method = typeof(FunctionsAppServices).Assembly.GetType(EntryPoint[..split], throwOnError: true)!
                .GetMethod(EntryPoint[(split + 1)..], BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance)!;
            Parameters = [.. method.GetParameters().Select(p => new FunctionParameter(p.Name!, p.ParameterType, p.HasDefaultValue, p.DefaultValue, Properties(p)))];
        }

        public override ImmutableArray<FunctionParameter> Parameters { get; }

        public override string PathToAssembly { get; }

        public override string EntryPoint { get; }

        public override string Id { get; }

        public override string Name { get; }

        public override IImmutableDictionary<string, BindingMetadata> InputBindings { get; }

        public override IImmutableDictionary<string, BindingMetadata> OutputBindings { get; }

        // What the worker records about a binding attribute so its own converter is tried first.
        private static IReadOnlyDictionary<string, object> Properties(ParameterInfo parameter)
        {
            BindingAttribute? attribute = (BindingAttribute?)parameter.GetCustomAttribute<InputBindingAttribute>() ?? parameter.GetCustomAttribute<TriggerBindingAttribute>();
            if (attribute is null)
            {
                return ImmutableDictionary<string, object>.Empty;
            }

            var converters = attribute.GetType().GetCustomAttributes<InputConverterAttribute>().ToDictionary(
                c => c.ConverterType,
                c => c.ConverterType.GetCustomAttributes<SupportedTargetTypeAttribute>().Select(s => s.TargetType).ToList());
            var properties = new Dictionary<string, object>
            {
                ["bindingAttribute"] = attribute,
                ["bindingAttributeSupportedConverters"] = converters,
            };
            if (converters.Count > 0)
            {
                properties["converterFallbackBehavior"] = attribute.GetType().GetCustomAttribute<ConverterFallbackBehaviorAttribute>()?.Behavior ?? ConverterFallbackBehavior.Default;
            }

            return properties.ToImmutableDictionary();
        }
    }

    private sealed class Binding(string name, string type, BindingDirection direction) : BindingMetadata
    {
        public override string Name { get; } = name;

        public override string Type { get; } = type;

        public override BindingDirection Direction { get; } = direction;
    }
}
