using Microsoft.Azure.Functions.Worker;
using PrivateLink.Arm;
using PrivateLink.Connectivity;
using PrivateLink.Onboarding.Activities;
using PrivateLink.Onboarding.Model;
using PrivateLink.Onboarding.Notifications;
using PrivateLink.Onboarding.Orchestration;

namespace PrivateLink.Functions.Activities;

/// <summary>The workflow's activities as activity functions: one-line shims over the shared classes, named after them (the orchestrators call them by <c>nameof</c>).</summary>
public static class ActivityFunctions
{
    /// <summary>Runs <see cref="GetApprovalRemindersActivity"/>.</summary>
    /// <param name="input">The onboarding input.</param>
    /// <param name="context">The function invocation.</param>
    /// <returns>The reminder offsets before the approval deadline.</returns>
    [Function(nameof(GetApprovalRemindersActivity))]
    public static Task<TimeSpan[]> GetApprovalReminders([ActivityTrigger] OnboardDestinationInput input, FunctionContext context) =>
        ActivityInvoker.RunAsync<GetApprovalRemindersActivity, OnboardDestinationInput, TimeSpan[]>(context, input);

    /// <summary>Runs <see cref="ValidateTargetActivity"/>.</summary>
    /// <param name="input">The onboarding input.</param>
    /// <param name="context">The function invocation.</param>
    /// <returns>The validation result.</returns>
    [Function(nameof(ValidateTargetActivity))]
    public static Task<TargetValidation> ValidateTarget([ActivityTrigger] OnboardDestinationInput input, FunctionContext context) =>
        ActivityInvoker.RunAsync<ValidateTargetActivity, OnboardDestinationInput, TargetValidation>(context, input);

    /// <summary>Runs <see cref="BeginCreatePrivateEndpointActivity"/>.</summary>
    /// <param name="input">The endpoint to create.</param>
    /// <param name="context">The function invocation.</param>
    /// <returns>The started operation, or why ARM turned the PUT away.</returns>
    [Function(nameof(BeginCreatePrivateEndpointActivity))]
    public static Task<EndpointOperationStart> BeginCreatePrivateEndpoint([ActivityTrigger] CreatePrivateEndpointRequest input, FunctionContext context) =>
        ActivityInvoker.RunAsync<BeginCreatePrivateEndpointActivity, CreatePrivateEndpointRequest, EndpointOperationStart>(context, input);

    /// <summary>Runs <see cref="GetOperationStatusActivity"/>.</summary>
    /// <param name="operation">The operation to poll.</param>
    /// <param name="context">The function invocation.</param>
    /// <returns>One poll.</returns>
    [Function(nameof(GetOperationStatusActivity))]
    public static Task<OperationStatus> GetOperationStatus([ActivityTrigger] PrivateEndpointOperation operation, FunctionContext context) =>
        ActivityInvoker.RunAsync<GetOperationStatusActivity, PrivateEndpointOperation, OperationStatus>(context, operation);

    /// <summary>Runs <see cref="GetConnectionStateActivity"/>.</summary>
    /// <param name="endpointName">The endpoint's name.</param>
    /// <param name="context">The function invocation.</param>
    /// <returns>The endpoint, or null when it is gone.</returns>
    [Function(nameof(GetConnectionStateActivity))]
    public static Task<PrivateEndpointInfo?> GetConnectionState([ActivityTrigger] string endpointName, FunctionContext context) =>
        ActivityInvoker.RunAsync<GetConnectionStateActivity, string, PrivateEndpointInfo?>(context, endpointName);

    /// <summary>Runs <see cref="BeginDeletePrivateEndpointActivity"/>.</summary>
    /// <param name="endpointName">The endpoint's name.</param>
    /// <param name="context">The function invocation.</param>
    /// <returns>The started operation (null when nothing existed), or why ARM turned the DELETE away.</returns>
    [Function(nameof(BeginDeletePrivateEndpointActivity))]
    public static Task<EndpointOperationStart> BeginDeletePrivateEndpoint([ActivityTrigger] string endpointName, FunctionContext context) =>
        ActivityInvoker.RunAsync<BeginDeletePrivateEndpointActivity, string, EndpointOperationStart>(context, endpointName);

    /// <summary>Runs <see cref="ProbeEndpointActivity"/>.</summary>
    /// <param name="input">The port mapping to probe.</param>
    /// <param name="context">The function invocation.</param>
    /// <returns>The probe result.</returns>
    [Function(nameof(ProbeEndpointActivity))]
    public static Task<ProbeResult> ProbeEndpoint([ActivityTrigger] ProbeRequest input, FunctionContext context) =>
        ActivityInvoker.RunAsync<ProbeEndpointActivity, ProbeRequest, ProbeResult>(context, input);

    /// <summary>Runs <see cref="RegisterPrivateDnsActivity"/>.</summary>
    /// <param name="input">The endpoint whose names to register.</param>
    /// <param name="context">The function invocation.</param>
    /// <returns>The zone group operation to poll, or the records written.</returns>
    [Function(nameof(RegisterPrivateDnsActivity))]
    public static Task<PrivateDnsRegistration> RegisterPrivateDns([ActivityTrigger] RegisterPrivateDnsInput input, FunctionContext context) =>
        ActivityInvoker.RunAsync<RegisterPrivateDnsActivity, RegisterPrivateDnsInput, PrivateDnsRegistration>(context, input);

    /// <summary>Runs <see cref="GetPrivateDnsRecordsActivity"/>.</summary>
    /// <param name="endpointName">The endpoint's name.</param>
    /// <param name="context">The function invocation.</param>
    /// <returns>The zone group's records, or null.</returns>
    [Function(nameof(GetPrivateDnsRecordsActivity))]
    public static Task<IReadOnlyList<PrivateDnsRecord>?> GetPrivateDnsRecords([ActivityTrigger] string endpointName, FunctionContext context) =>
        ActivityInvoker.RunAsync<GetPrivateDnsRecordsActivity, string, IReadOnlyList<PrivateDnsRecord>?>(context, endpointName);

    /// <summary>Runs <see cref="DeletePrivateDnsRecordActivity"/>.</summary>
    /// <param name="record">The record the service wrote.</param>
    /// <param name="context">The function invocation.</param>
    /// <returns>True when a record was deleted.</returns>
    [Function(nameof(DeletePrivateDnsRecordActivity))]
    public static Task<bool> DeletePrivateDnsRecord([ActivityTrigger] PrivateDnsRecord record, FunctionContext context) =>
        ActivityInvoker.RunAsync<DeletePrivateDnsRecordActivity, PrivateDnsRecord, bool>(context, record);

    /// <summary>Runs <see cref="PublishDestinationEventActivity"/>.</summary>
    /// <param name="input">The event.</param>
    /// <param name="context">The function invocation.</param>
    /// <returns>How many sinks received it.</returns>
    [Function(nameof(PublishDestinationEventActivity))]
    public static Task<int> PublishDestinationEvent([ActivityTrigger] DestinationEvent input, FunctionContext context) =>
        ActivityInvoker.RunAsync<PublishDestinationEventActivity, DestinationEvent, int>(context, input);
}
