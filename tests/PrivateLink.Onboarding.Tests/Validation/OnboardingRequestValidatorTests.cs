using PrivateLink.Onboarding.Model;
using PrivateLink.Onboarding.Notifications;
using PrivateLink.Onboarding.Validation;
using PrivateLink.SupportMatrix;

namespace PrivateLink.Onboarding.Tests.Validation;

public sealed class OnboardingRequestValidatorTests
{
    private const string Sub = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";

    public static TheoryData<DestinationType> EveryType() => new(Enum.GetValues<DestinationType>());

    [Theory]
    [MemberData(nameof(EveryType))]
    public void Validate_ValidRequestOfEachType_ReturnsInputWithDefaults(DestinationType type)
    {
        OnboardingRequest request = ValidRequest(type);

        OnboardDestinationInput? sut = OnboardingRequestValidator.Validate(request, out ValidationErrors errors);

        Assert.True(errors.IsEmpty, string.Join("; ", errors.ToDictionary().Select(e => $"{e.Key}: {string.Join(",", e.Value)}")));
        Assert.NotNull(sut);
        DestinationProfile profile = DestinationCatalog.Get(type);
        Assert.Equal(type, sut.DestinationType);
        Assert.True(sut.RequireTls);
        Assert.False(sut.StrictNameResolution);
        Assert.Equal(TimeSpan.FromDays(7), sut.ApprovalTimeout);
        if (profile.Hosting == DestinationHosting.AzureHosted)
        {
            Assert.Equal([new PortMapping(profile.DefaultPort, null)], sut.Ports);
        }
        else
        {
            Assert.Equal([new PortMapping(profile.DefaultPort, "10.1.0.4")], sut.Ports);
        }
    }

    [Fact]
    public void Validate_StrictNameResolution_IsCarriedAndPartOfTheRequestIdentity()
    {
        OnboardingRequest request = ValidRequest(DestinationType.AzurePostgreSql);
        request.StrictNameResolution = true;

        OnboardDestinationInput? strict = OnboardingRequestValidator.Validate(request, out _);
        OnboardDestinationInput? lenient = OnboardingRequestValidator.Validate(ValidRequest(DestinationType.AzurePostgreSql), out _);

        Assert.True(strict!.StrictNameResolution);
        Assert.False(strict.IsSameRequestAs(lenient!));
    }

    [Theory]
    [MemberData(nameof(EveryType))]
    public void Validate_ResourceOfAnotherType_NamesTargetResourceId(DestinationType type)
    {
        OnboardingRequest request = ValidRequest(type);
        request.TargetResourceId = type == DestinationType.AzureSqlDatabase
            ? $"/subscriptions/{Sub}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/acct1"
            : $"/subscriptions/{Sub}/resourceGroups/rg/providers/Microsoft.Sql/servers/sql1";

        OnboardDestinationInput? sut = OnboardingRequestValidator.Validate(request, out ValidationErrors errors);

        Assert.Null(sut);
        Assert.Contains("must name a resource of type", Assert.Single(errors.ToDictionary()["targetResourceId"]), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(EveryType))]
    public void Validate_UnsupportedGroupId_NamesGroupId(DestinationType type)
    {
        OnboardingRequest request = ValidRequest(type);
        request.GroupId = "notAGroup";

        OnboardingRequestValidator.Validate(request, out ValidationErrors errors);

        Assert.True(errors.ToDictionary().ContainsKey("groupId"));
    }

    [Fact]
    public void Validate_GroupIdInOtherCase_ReturnsCanonicalSpelling()
    {
        OnboardingRequest request = ValidRequest(DestinationType.AzureSynapse);
        request.GroupId = "sqlondemand";

        OnboardDestinationInput? sut = OnboardingRequestValidator.Validate(request, out _);

        Assert.Equal("SqlOnDemand", sut?.GroupId);
    }

    [Theory]
    [InlineData("ab", "destinationId")]
    [InlineData("Has-Upper", "destinationId")]
    [InlineData("../etc", "destinationId")]
    [InlineData("dst_42", "destinationId")]
    public void Validate_BadDestinationId_NamesField(string destinationId, string field)
    {
        OnboardingRequest request = ValidRequest(DestinationType.AzurePostgreSql);
        request.DestinationId = destinationId;

        OnboardingRequestValidator.Validate(request, out ValidationErrors errors);

        Assert.True(errors.ToDictionary().ContainsKey(field));
    }

    [Theory]
    [InlineData("not-an-id", "Not an ARM resource ID")]
    [InlineData("/subscriptions/subId/resourceGroups/rg/providers/Microsoft.DBforPostgreSQL/flexibleServers/pg1", "GUID")]
    [InlineData("/subscriptions/3f2504e0-4f89-11d3-9a0c-0305e82c3301/resourceGroups/rg/providers/Microsoft.DBforPostgreSQL/flexibleServers/pg1/databases/db1", "top-level")]
    public void Validate_BadResourceId_SaysWhy(string resourceId, string expected)
    {
        OnboardingRequest request = ValidRequest(DestinationType.AzurePostgreSql);
        request.TargetResourceId = resourceId;

        OnboardingRequestValidator.Validate(request, out ValidationErrors errors);

        Assert.Contains(expected, Assert.Single(errors.ToDictionary()["targetResourceId"]), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_EmptyRequest_ReportsEveryRequiredFieldTogether()
    {
        OnboardDestinationInput? sut = OnboardingRequestValidator.Validate(new OnboardingRequest(), out ValidationErrors errors);

        Assert.Null(sut);
        Assert.Equal(["destinationId", "destinationType", "hostName", "targetResourceId"], errors.ToDictionary().Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Validate_VmHostedWithoutPorts_NamesPorts()
    {
        OnboardingRequest request = ValidRequest(DestinationType.GenericMySql);
        request.Ports = null;

        OnboardingRequestValidator.Validate(request, out ValidationErrors errors);

        Assert.Contains("Private Link Service", Assert.Single(errors.ToDictionary()["ports"]), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BadPortEntries_NameEachJsonPath()
    {
        OnboardingRequest request = ValidRequest(DestinationType.GenericPostgreSql);
        request.Ports =
        [
            new PortMappingRequest { Port = 0, DestinationIp = "10.0.0.1" },
            new PortMappingRequest { Port = 5432, DestinationIp = null },
            new PortMappingRequest { Port = 5433, DestinationIp = "10.0.0.999" },
            new PortMappingRequest { Port = 5433, DestinationIp = "10.0.0.2" },
            null,
        ];

        OnboardingRequestValidator.Validate(request, out ValidationErrors errors);

        Dictionary<string, string[]> found = errors.ToDictionary();
        Assert.Equal(["ports[0].port", "ports[1].destinationIp", "ports[2].destinationIp", "ports[3].port", "ports[4]"], found.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Validate_DestinationIpOnAzureHosted_NamesField()
    {
        OnboardingRequest request = ValidRequest(DestinationType.AzureSqlDatabase);
        request.Ports = [new PortMappingRequest { Port = 1433, DestinationIp = "10.0.0.1" }];

        OnboardingRequestValidator.Validate(request, out ValidationErrors errors);

        Assert.True(errors.ToDictionary().ContainsKey("ports[0].destinationIp"));
    }

    [Fact]
    public void Validate_TooManyPorts_NamesPorts()
    {
        OnboardingRequest request = ValidRequest(DestinationType.AzureSqlDatabase);
        request.Ports = Enumerable.Range(1, OnboardingRequestValidator.MaxPorts + 1).Select(p => (PortMappingRequest?)new PortMappingRequest { Port = 1000 + p }).ToList();

        OnboardingRequestValidator.Validate(request, out ValidationErrors errors);

        Assert.True(errors.ToDictionary().ContainsKey("ports"));
    }

    [Theory]
    [InlineData("PT59M", false)]
    [InlineData("PT1H", true)]
    [InlineData("P30D", true)]
    [InlineData("P31D", false)]
    [InlineData("7 days", false)]
    [InlineData("P7D", true)]
    public void Validate_ApprovalTimeout_EnforcesOneHourToThirtyDays(string value, bool valid)
    {
        OnboardingRequest request = ValidRequest(DestinationType.AzureSqlDatabase);
        request.ApprovalTimeout = value;

        OnboardingRequestValidator.Validate(request, out ValidationErrors errors);

        Assert.Equal(valid, !errors.ToDictionary().ContainsKey("approvalTimeout"));
    }

    [Theory]
    [InlineData("http://tickets.example.com/hook", false)]
    [InlineData("https://user:pass@tickets.example.com/hook", false)]
    [InlineData("ftp://tickets.example.com/hook", false)]
    [InlineData("https://tickets.example.com/hooks/1234", true)]
    [InlineData("https://hooks.tickets.example.org/hooks/1234", true)]
    [InlineData("https://tickets.example.com/hooks/1234?token=abc", false)]
    [InlineData("https://tickets.example.com/hooks/1234#token", false)]
    [InlineData("https://evil.example.net/hook", false)]
    [InlineData("https://169.254.169.254/metadata", false)]
    [InlineData("http://127.0.0.1:8080/hook", false)]
    [InlineData("https://127.0.0.1:8080/hook", false)]
    public void Validate_CallbackUrl_RequiresAnAllowedHttpsHostWithoutCredentialsOrQuery(string value, bool valid)
    {
        OnboardingRequest request = ValidRequest(DestinationType.AzureSqlDatabase);
        request.CallbackUrl = value;

        OnboardingRequestValidator.Validate(request, out ValidationErrors errors, new CallbackPolicy(["tickets.example.com", "*.tickets.example.org"], AllowLoopback: false));

        Assert.Equal(valid, !errors.ToDictionary().ContainsKey("callbackUrl"));
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080/hook", true)]
    [InlineData("http://localhost:8080/hook", true)]
    [InlineData("http://tickets.example.com/hook", false)]
    public void Validate_CallbackUrl_LoopbackSwitchAcceptsPlainHttpToLoopbackOnly(string value, bool valid)
    {
        OnboardingRequest request = ValidRequest(DestinationType.AzureSqlDatabase);
        request.CallbackUrl = value;

        OnboardingRequestValidator.Validate(request, out ValidationErrors errors, new CallbackPolicy([], AllowLoopback: true));

        Assert.Equal(valid, !errors.ToDictionary().ContainsKey("callbackUrl"));
    }

    [Fact]
    public void Validate_CallbackUrlWithCallbacksOff_NamesTheField()
    {
        OnboardingRequest request = ValidRequest(DestinationType.AzureSqlDatabase);
        request.CallbackUrl = "https://tickets.example.com/hooks/1234";

        OnboardingRequestValidator.Validate(request, out ValidationErrors errors);

        Assert.Contains("not enabled", Assert.Single(errors.ToDictionary()["callbackUrl"]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SUP-1234", true)]
    [InlineData("#42", true)]
    [InlineData("<script>", false)]
    [InlineData("", false)]
    public void Validate_TicketId_AllowsTicketCharactersOnly(string value, bool valid)
    {
        OnboardingRequest request = ValidRequest(DestinationType.AzureSqlDatabase);
        request.TicketId = value;

        OnboardingRequestValidator.Validate(request, out ValidationErrors errors);

        Assert.Equal(valid, !errors.ToDictionary().ContainsKey("ticketId"));
    }

    [Theory]
    [InlineData("not pem")]
    [InlineData("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----")]
    public void Validate_TrustedCaNotCertificates_NamesField(string value)
    {
        OnboardingRequest request = ValidRequest(DestinationType.AzureSqlDatabase);
        request.TrustedCaCertificatesPem = value;

        OnboardingRequestValidator.Validate(request, out ValidationErrors errors);

        Assert.True(errors.ToDictionary().ContainsKey("trustedCaCertificatesPem"));
    }

    [Theory]
    [InlineData("ab:cd", false)]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", true)]
    public void Validate_Pin_RequiresSha256Hex(string value, bool valid)
    {
        OnboardingRequest request = ValidRequest(DestinationType.AzureSqlDatabase);
        request.PinnedCertificateSha256 = value;

        OnboardDestinationInput? sut = OnboardingRequestValidator.Validate(request, out ValidationErrors errors);

        Assert.Equal(valid, !errors.ToDictionary().ContainsKey("pinnedCertificateSha256"));
        if (valid)
        {
            Assert.Equal(value.ToUpperInvariant(), sut!.PinnedCertificateSha256);
        }
    }

    [Fact]
    public void Validate_UnknownDestinationType_ListsTheKnownOnes()
    {
        OnboardingRequest request = ValidRequest(DestinationType.AzureSqlDatabase);
        request.DestinationType = "1";

        OnboardingRequestValidator.Validate(request, out ValidationErrors errors);

        Assert.Contains("AzureSqlDatabase", Assert.Single(errors.ToDictionary()["destinationType"]), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_PostgreSqlSingleServer_RefusedAsRetired()
    {
        OnboardingRequest request = ValidRequest(DestinationType.AzurePostgreSql);
        request.TargetResourceId = $"/subscriptions/{Sub}/resourceGroups/rg-data/providers/Microsoft.DBforPostgreSQL/servers/pg-single";

        OnboardDestinationInput? sut = OnboardingRequestValidator.Validate(request, out ValidationErrors errors);

        Assert.Null(sut);
        string error = Assert.Single(errors.ToDictionary()["targetResourceId"]);
        Assert.Contains("retired", error, StringComparison.Ordinal);
        Assert.Contains("flexibleServers", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DestinationType.Snowflake)]
    [InlineData(DestinationType.GenericPostgreSql)]
    public void Validate_PrivateLinkServiceAlias_AcceptedWhereAServiceIdIs(DestinationType type)
    {
        const string Alias = "sf-pvlinksvc-azwesteurope.1b2c3d4e-0000-4000-8000-00000000abcd.westeurope.azure.privatelinkservice";
        OnboardingRequest request = ValidRequest(type);
        request.TargetResourceId = Alias;

        OnboardDestinationInput? sut = OnboardingRequestValidator.Validate(request, out ValidationErrors errors);

        Assert.True(errors.IsEmpty, string.Join("; ", errors.ToDictionary().SelectMany(e => e.Value)));
        Assert.Equal(Alias, sut!.TargetResourceId);
    }

    [Fact]
    public void Validate_AliasForAnAzureResourceType_IsRefused()
    {
        OnboardingRequest request = ValidRequest(DestinationType.AzureSqlDatabase);
        request.TargetResourceId = "sf-pvlinksvc-azwesteurope.1b2c3d4e-0000-4000-8000-00000000abcd.westeurope.azure.privatelinkservice";

        OnboardingRequestValidator.Validate(request, out ValidationErrors errors);

        Assert.Contains("targetResourceId", errors.ToDictionary().Keys);
    }

    [Fact]
    public void Validate_CosmosDbForMongoDbWithoutPorts_DefaultsToTheMongoPort()
    {
        OnboardingRequest request = ValidRequest(DestinationType.AzureCosmosDb);
        request.GroupId = "mongodb";

        OnboardDestinationInput? sut = OnboardingRequestValidator.Validate(request, out _);

        Assert.Equal(("MongoDB", 10255), (sut!.GroupId, Assert.Single(sut.Ports).Port));
    }

    internal static OnboardingRequest ValidRequest(DestinationType type)
    {
        DestinationProfile profile = DestinationCatalog.Get(type);
        string resourceType = profile.ResourceTypes[0];
        return new OnboardingRequest
        {
            DestinationId = "dst-42",
            DestinationType = type.ToString(),
            TargetResourceId = $"/subscriptions/{Sub}/resourceGroups/rg-data/providers/{resourceType}/target1",
            HostName = "target1.example.net",
            Ports = profile.Hosting == DestinationHosting.VmHosted ? [new PortMappingRequest { Port = profile.DefaultPort, DestinationIp = "10.1.0.4" }] : null,
            TicketId = "SUP-1234",
        };
    }
}
