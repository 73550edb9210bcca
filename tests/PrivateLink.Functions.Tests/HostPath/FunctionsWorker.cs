using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace PrivateLink.Functions.Tests.HostPath;

/// <summary>The Functions worker built as <c>Program</c> builds it, in a given environment, with the container validated on build.</summary>
internal static class FunctionsWorker
{
    /// <summary>The settings the app needs to start (the ARM adapter's required options); no secret.</summary>
    public static readonly IReadOnlyDictionary<string, string?> RequiredSettings = ArmTestSettings.Required;

    /// <summary>Builds the worker host.</summary>
    /// <param name="environment">The environment (<c>Development</c> is what <c>func start</c> uses).</param>
    /// <param name="overrides">Test doubles registered after the app's services.</param>
    /// <param name="settings">App settings as the host passes them (<c>Section__Key</c>); the required ARM settings when null.</param>
    /// <returns>The host, not started.</returns>
    public static IHost Build(string environment, Action<IServiceCollection>? overrides = null, IEnumerable<KeyValuePair<string, string?>>? settings = null)
    {
        FunctionsApplicationBuilder builder = FunctionsApplication.CreateBuilder(["--environment", environment]);
        builder.Environment.EnvironmentName = environment;
        RunStartupCodeOfTheApp(builder);
        builder.Configuration.AddInMemoryCollection(
            settings?.Select(s => KeyValuePair.Create(s.Key.Replace("__", ":", StringComparison.Ordinal), s.Value)) ?? RequiredSettings);
        builder.ConfigureFunctionsApp();
        overrides?.Invoke(builder.Services);

        // What HostApplicationBuilder turns on in Development (the crash the host showed); asked for in every environment here.
        builder.ConfigureContainer(new DefaultServiceProviderFactory(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }));
        return builder.Build();
    }

    /// <summary>
    /// Runs what the worker runs from its entry assembly, which here is the test host: the app's generated extension start-up (the
    /// Durable extension's <c>ConfigureDurableExtension</c>: middleware, converters, data converters) and its generated
    /// auto-configuration (function metadata provider and direct function executor).
    /// </summary>
    private static void RunStartupCodeOfTheApp(FunctionsApplicationBuilder builder)
    {
        Assembly app = typeof(FunctionsAppServices).Assembly;
        WorkerExtensionStartupCodeExecutorInfoAttribute info = app.GetCustomAttribute<WorkerExtensionStartupCodeExecutorInfoAttribute>()
            ?? throw new InvalidOperationException("The Functions app has no generated extension start-up.");
        ((WorkerExtensionStartup)Activator.CreateInstance(info.StartupCodeExecutorType)!).Configure(builder);
        var hostBuilder = new ServicesHostBuilder(builder);
        foreach (Type type in app.GetTypes().Where(t => typeof(IAutoConfigureStartup).IsAssignableFrom(t) && t is { IsInterface: false, IsAbstract: false }))
        {
            ((IAutoConfigureStartup)Activator.CreateInstance(type)!).Configure(hostBuilder);
        }
    }

    /// <summary>An <see cref="IHostBuilder"/> that applies service registrations to the application builder at once.</summary>
    private sealed class ServicesHostBuilder(FunctionsApplicationBuilder builder) : IHostBuilder
    {
        public IDictionary<object, object> Properties { get; } = new Dictionary<object, object>();

        public IHostBuilder ConfigureServices(Action<HostBuilderContext, IServiceCollection> configureDelegate)
        {
            configureDelegate(new HostBuilderContext(Properties) { Configuration = builder.Configuration, HostingEnvironment = builder.Environment }, builder.Services);
            return this;
        }

        public IHost Build() => throw new NotSupportedException();

        public IHostBuilder ConfigureAppConfiguration(Action<HostBuilderContext, IConfigurationBuilder> configureDelegate) => throw new NotSupportedException();

        public IHostBuilder ConfigureContainer<TContainerBuilder>(Action<HostBuilderContext, TContainerBuilder> configureDelegate) => throw new NotSupportedException();

        public IHostBuilder ConfigureHostConfiguration(Action<IConfigurationBuilder> configureDelegate) => throw new NotSupportedException();

        public IHostBuilder UseServiceProviderFactory<TContainerBuilder>(IServiceProviderFactory<TContainerBuilder> factory)
            where TContainerBuilder : notnull => throw new NotSupportedException();

        public IHostBuilder UseServiceProviderFactory<TContainerBuilder>(Func<HostBuilderContext, IServiceProviderFactory<TContainerBuilder>> factory)
            where TContainerBuilder : notnull => throw new NotSupportedException();
    }
}
