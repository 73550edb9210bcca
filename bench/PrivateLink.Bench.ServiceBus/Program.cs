// The Service Bus intake benchmark, on the project's own AMQP test broker (loopback) and the in-memory Durable Task engine, in a host
// composed of the services the runner registers for its Service Bus intake (no HTTP pipeline: the processor does not use it).
// Usage: dotnet run -c Release --project bench/PrivateLink.Bench.ServiceBus -- [--count N] [--latency M] [--concurrency C]
//   1. processor throughput: N requests sent (in batches) to the running runner; time until its ServiceBusProcessor has completed all
//      N (each one read, validated, its onboarding started through the Durable client, the message settled);
//   2. enqueue -> orchestration start: M requests sent one at a time to the running runner; for each, the orchestration's creation
//      time minus the time just before the send;
//   3. drain throughput: N requests on a second queue drained by RequestQueueDrain (the Functions app's timer path) over the same client.
// The ARM emulator holds no target, so each started onboarding ends at validation: the figures are the intake's, not the workflow's.
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Azure.Core;
using Azure.Messaging.ServiceBus;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PrivateLink.Api;
using PrivateLink.Api.Inbound.ServiceBus;
using PrivateLink.Api.Outbound.Tickets;
using PrivateLink.Arm;
using PrivateLink.ArmEmulator;
using PrivateLink.Connectivity;
using PrivateLink.Engine;
using PrivateLink.Onboarding;
using PrivateLink.Onboarding.Service;
using PrivateLink.ServiceBusBroker;

int count = Arg("--count", 500);
int latencyCount = Arg("--latency", 50);
int concurrency = Arg("--concurrency", 4);
const string Queue = "onboarding-requests";
const string DrainQueue = "drain-requests";
using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(15));
CancellationToken ct = cts.Token;

await using ServiceBusTestBroker broker = ServiceBusTestBroker.Start();
broker.AddQueue(Queue, new EntityOptions { LockDuration = TimeSpan.FromMinutes(1) });
broker.AddQueue(DrainQueue, new EntityOptions { LockDuration = TimeSpan.FromMinutes(1) });
broker.AddTopic("destination-events", TimeSpan.FromHours(1));
broker.AddSubscription("destination-events", "bench");
await using var client = new ServiceBusClient(broker.ConnectionString);
Console.WriteLine($"service bus intake benchmark: {Environment.ProcessorCount} cores, .NET {Environment.Version}, n={count}, latency samples={latencyCount}, concurrency={concurrency}");

// 1. Processor throughput.
await using ArmEmulatorServer emulator = await ArmEmulatorServer.StartAsync(new ArmEmulatorOptions(), ct);
const string EndpointGroup = "rg-privatelink-onboarding";
emulator.AddResourceGroup(EndpointGroup);
HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Development" });
builder.Logging.ClearProviders();
builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
{
    ["Arm:Endpoint"] = emulator.BaseAddress.ToString(),
    ["Arm:TrustedServerCertificateThumbprint"] = emulator.CertificateThumbprint,
    ["Arm:SubscriptionId"] = emulator.SubscriptionId,
    ["Arm:ResourceGroup"] = EndpointGroup,
    ["Arm:Location"] = "eastus",
    ["Arm:SubnetId"] = $"/subscriptions/{emulator.SubscriptionId}/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet-integration/subnets/snet-private-endpoints",
    ["ServiceBus:ConnectionString"] = broker.ConnectionString,
    ["ServiceBus:RequestQueue"] = Queue,
    ["ServiceBus:EventsTopic"] = "destination-events",
    ["ServiceBus:MaxConcurrentCalls"] = concurrency.ToString(CultureInfo.InvariantCulture),
});
builder.Services.AddSingleton<TokenCredential>(new EmulatorTokenCredential());
builder.Services.AddOnboardingServices();
builder.Services.AddArmPrivateEndpointClient();
builder.Services.AddConnectivityProbes();
builder.Services.AddDurableEngine();
builder.Services.AddOnboardingApi();
builder.Services.AddOnboardingServiceOverRegisteredClient();
builder.Services.AddTicketComments();
builder.Services.AddServiceBusIntake();
builder.Services.AddServiceBusEvents();
using IHost runner = builder.Build();
await runner.StartAsync(ct);
var watch = Stopwatch.StartNew();
await SendAllAsync(Queue, "p", count);
while (broker.GetStats(Queue).Completed < count)
{
    await Task.Delay(5, ct);
}

watch.Stop();
Report("processor: first send to last completion (sends included)", count, watch.Elapsed, broker.GetStats(Queue));

// 2. Enqueue -> orchestration start, one request at a time.
DurableTaskClient durable = runner.Services.GetRequiredService<DurableTaskClient>();
await using ServiceBusSender sender = client.CreateSender(Queue);
var latencies = new List<double>();
for (int i = 0; i < latencyCount; i++)
{
    string id = $"lat-{i:D5}";
    DateTime sentAt = DateTime.UtcNow;
    await sender.SendMessageAsync(Request(id), ct);
    OrchestrationMetadata? started;
    while ((started = await durable.GetInstanceAsync(OnboardingService.InstancePrefix + id, ct)) is null)
    {
        await Task.Delay(1, ct);
    }

    latencies.Add((started.CreatedAt.UtcDateTime - sentAt).TotalMilliseconds);
}

latencies.Sort();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"enqueue -> orchestration start (processor, n={latencies.Count}): p50 {Percentile(0.50):F1} ms, p95 {Percentile(0.95):F1} ms, max {latencies[^1]:F1} ms"));

// 3. The Functions app's drain over the same Durable client.
await SendAllAsync(DrainQueue, "d", count);
// The drain reads the callback policy (IOptionsMonitor<CallbackOptions>) from the services it is given, as the Functions app registers it.
await using ServiceProvider drainServices = new ServiceCollection().AddSingleton(client).AddOptions().BuildServiceProvider();
var drain = new RequestQueueDrain(
    drainServices,
    Options.Create(new ServiceBusOptions { ConnectionString = broker.ConnectionString, RequestQueue = DrainQueue, DrainMaxMessages = count, MaxConcurrentCalls = concurrency }),
    TimeProvider.System,
    NullLogger<RequestQueueDrain>.Instance,
    NullLogger<ServiceBusIntakeHandler>.Instance);
watch.Restart();
RequestQueueDrainResult drained = await drain.DrainAsync(new OnboardingService(durable), DateTimeOffset.UtcNow.AddMinutes(10), ct);
watch.Stop();
Report($"drain: one RequestQueueDrain pass ({drained.Completed} completed, {drained.DeadLettered} dead-lettered)", drained.Received, watch.Elapsed, broker.GetStats(DrainQueue));

await runner.StopAsync(ct);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024)} MB"));
return 0;

double Percentile(double p) => latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(p * latencies.Count) - 1)];

async Task SendAllAsync(string queue, string prefix, int n)
{
    await using ServiceBusSender queueSender = client.CreateSender(queue);
    ServiceBusMessageBatch batch = await queueSender.CreateMessageBatchAsync(ct);
    for (int i = 0; i < n; i++)
    {
        ServiceBusMessage message = Request($"{prefix}-{i:D6}");
        if (!batch.TryAddMessage(message))
        {
            await queueSender.SendMessagesAsync(batch, ct);
            batch.Dispose();
            batch = await queueSender.CreateMessageBatchAsync(ct);
            batch.TryAddMessage(message);
        }
    }

    await queueSender.SendMessagesAsync(batch, ct);
    batch.Dispose();
}

static ServiceBusMessage Request(string destinationId) => new(BinaryData.FromString(new JsonObject
{
    ["destinationId"] = destinationId,
    ["destinationType"] = "AzurePostgreSql",
    ["targetResourceId"] = "/subscriptions/00000000-0000-0000-0000-0000000000aa/resourceGroups/rg-bench/providers/Microsoft.DBforPostgreSQL/flexibleServers/pg1",
    ["hostName"] = "pg1.postgres.database.azure.com",
}.ToJsonString()))
{
    MessageId = "req-" + destinationId,
    Subject = ServiceBusIntakeHandler.RequestedSubject,
    ContentType = "application/json",
};

static void Report(string what, int n, TimeSpan elapsed, EntityStats stats) =>
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{what}: {n} messages in {elapsed.TotalSeconds:F2} s = {n / elapsed.TotalSeconds:F0} messages/s (completed {stats.Completed}, dead-lettered {stats.DeadLettered}, abandoned {stats.Abandoned})"));

int Arg(string name, int fallback)
{
    int at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
}
