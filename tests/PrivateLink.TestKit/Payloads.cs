namespace PrivateLink.TestKit;

/// <summary>Request documents and vendor payloads used by the webhook tests.</summary>
public static class Payloads
{
    public const string TargetResourceId =
        "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-data/providers/Microsoft.DBforPostgreSQL/flexibleServers/pg1";

    public static string Request(string destinationId = "dst-42") => $$"""
        {"destinationId":"{{destinationId}}","destinationType":"AzurePostgreSql","targetResourceId":"{{TargetResourceId}}","hostName":"pg1.postgres.database.azure.com","ticketId":"SUP-1234"}
        """;

    // What the documented Zendesk trigger template renders (docs/ticket-systems.md): every placeholder is text.
    public static string ZendeskTrigger(string ticketId = "35436", string ports = "5432") => $$"""
        {
          "destinationId": "zd-{{ticketId}}",
          "ticketId": "{{ticketId}}",
          "destinationType": "azure_postgre_sql",
          "targetResourceId": "{{TargetResourceId}}",
          "groupId": "",
          "hostName": "pg1.postgres.database.azure.com",
          "ports": "{{ports}}",
          "requireTls": "true",
          "approvalTimeout": ""
        }
        """;

    public static string ZendeskEvent(string type = "zen:event-type:ticket.created", string hostName = "pg1.postgres.database.azure.com") => $$"""
        {
          "account_id": 12345,
          "detail": {
            "id": "35436",
            "status": "NEW",
            "subject": "Private Link for pg1",
            "custom_fields": [
              { "id": 360001, "value": "AzurePostgreSql" },
              { "id": 360002, "value": "{{TargetResourceId}}" },
              { "id": 360003, "value": "{{hostName}}" },
              { "id": 360004, "value": null }
            ]
          },
          "event": {},
          "id": "cbe4028c-7239-495d-b020-f22348516046",
          "subject": "zen:ticket:35436",
          "time": "2025-06-01T12:00:00Z",
          "type": "{{type}}",
          "zendesk_event_version": "2022-11-06"
        }
        """;

    /// <summary>Jira's payload time (Unix ms) matching the webhook tests' fake clock, 2025-06-01T12:00:00Z.</summary>
    public const long JiraTimestamp = 1748779200000;

    public static string JiraIssueCreated(string key = "SUP-1234", string hostField = "\"pg1.postgres.database.azure.com\"", long timestamp = JiraTimestamp) => $$"""
        {
          "timestamp": {{timestamp}},
          "webhookEvent": "jira:issue_created",
          "issue_event_type_name": "issue_created",
          "user": { "accountId": "5b10ac8d82e05b22cc7d4ef5", "displayName": "Support" },
          "issue": {
            "id": "10042",
            "key": "{{key}}",
            "fields": {
              "summary": "Private Link for pg1",
              "customfield_10050": { "self": "https://example.atlassian.net/rest/api/2/customFieldOption/10100", "value": "AzurePostgreSql", "id": "10100" },
              "customfield_10051": "{{TargetResourceId}}",
              "customfield_10052": {{hostField}},
              "customfield_10053": 5432
            }
          }
        }
        """;

    public static string JiraTransition(string toStatus, string key = "SUP-1234", long timestamp = JiraTimestamp) => $$"""
        {
          "timestamp": {{timestamp}},
          "webhookEvent": "jira:issue_updated",
          "issue_event_type_name": "issue_generic",
          "issue": {
            "key": "{{key}}",
            "fields": {
              "customfield_10050": { "value": "AzurePostgreSql" },
              "customfield_10051": "{{TargetResourceId}}",
              "customfield_10052": "pg1.postgres.database.azure.com",
              "customfield_10053": "5432"
            }
          },
          "changelog": { "id": "10100", "items": [ { "field": "status", "fieldtype": "jira", "from": "1", "fromString": "Open", "to": "10001", "toString": "{{toStatus}}" } ] }
        }
        """;
}
