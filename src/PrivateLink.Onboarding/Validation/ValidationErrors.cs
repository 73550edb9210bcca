namespace PrivateLink.Onboarding.Validation;

/// <summary>Collects validation errors keyed by the JSON path of the field (e.g. <c>ports[0].destinationIp</c>).</summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    /// <summary>Gets a value indicating whether no error was recorded.</summary>
    public bool IsEmpty => _errors.Count == 0;

    /// <summary>Records an error for a field.</summary>
    /// <param name="path">The JSON path of the field, in camelCase.</param>
    /// <param name="message">What is wrong and what is expected.</param>
    public void Add(string path, string message)
    {
        if (!_errors.TryGetValue(path, out List<string>? list))
        {
            _errors[path] = list = [];
        }

        list.Add(message);
    }

    /// <summary>Returns the errors in the shape of ASP.NET's validation problem details.</summary>
    /// <returns>Field path → messages.</returns>
    public Dictionary<string, string[]> ToDictionary() =>
        _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
}
