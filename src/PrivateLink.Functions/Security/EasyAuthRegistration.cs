using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Hosting;

namespace PrivateLink.Functions.Security;

/// <summary>Adds the role check to the worker's pipeline.</summary>
public static class EasyAuthRegistration
{
    /// <summary>Adds <see cref="EasyAuthRoleMiddleware"/>.</summary>
    /// <param name="builder">The worker application builder.</param>
    /// <returns>The builder.</returns>
    public static IFunctionsWorkerApplicationBuilder UseEasyAuthRoles(this IFunctionsWorkerApplicationBuilder builder) =>
        builder.UseMiddleware<EasyAuthRoleMiddleware>();
}
