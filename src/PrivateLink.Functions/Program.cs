using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using PrivateLink.Functions;
using PrivateLink.Functions.Security;

FunctionsApplicationBuilder builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.UseEasyAuthRoles();
builder.Services.AddFunctionsAppServices(builder.Configuration);
builder.Build().Run();
