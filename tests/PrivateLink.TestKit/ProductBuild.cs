namespace PrivateLink.TestKit;

/// <summary>Where the build put a product executable, so a test can run it in a process of its own, as an operator would.</summary>
public static class ProductBuild
{
    /// <summary>Gets the path of <c>src/{project}/bin/{configuration}/{framework}/{project}.dll</c>, in the test's own configuration and framework.</summary>
    /// <param name="project">The product project, e.g. <c>PrivateLink.Host</c>.</param>
    /// <returns>The path.</returns>
    /// <exception cref="FileNotFoundException">The project has not been built in that configuration.</exception>
    public static string Dll(string project)
    {
        // The test's own output folder tells the configuration and framework (bin/Release/net10.0).
        var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string framework = testBin.Name;
        string configuration = testBin.Parent!.Name;
        DirectoryInfo? root = testBin;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Directory.Packages.props")))
        {
            root = root.Parent;
        }

        if (root is null)
        {
            throw new DirectoryNotFoundException("Cannot find the repository root above " + AppContext.BaseDirectory);
        }

        string dll = Path.Combine(root.FullName, "src", project, "bin", configuration, framework, project + ".dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"{dll} is missing: build src/{project} ({configuration}) first.", dll);
    }
}
