namespace PrivateLink.SupportMatrix;

/// <summary>The destination types of the product's support matrix.</summary>
public enum DestinationType
{
    /// <summary>Azure SQL Database (<c>Microsoft.Sql/servers</c>, groupId <c>sqlServer</c>).</summary>
    AzureSqlDatabase,

    /// <summary>Azure SQL Managed Instance (<c>Microsoft.Sql/managedInstances</c>, groupId <c>managedInstance</c>).</summary>
    AzureSqlManagedInstance,

    /// <summary>Azure Database for PostgreSQL (<c>Microsoft.DBforPostgreSQL/flexibleServers</c>, groupId <c>postgresqlServer</c>).</summary>
    AzurePostgreSql,

    /// <summary>Azure Data Lake Storage (<c>Microsoft.Storage/storageAccounts</c>, groupIds <c>blob</c>, <c>dfs</c>).</summary>
    AzureDataLakeStorage,

    /// <summary>Azure Synapse (<c>Microsoft.Synapse/workspaces</c>, groupIds <c>Sql</c>, <c>SqlOnDemand</c>).</summary>
    AzureSynapse,

    /// <summary>Azure Databricks (<c>Microsoft.Databricks/workspaces</c>, groupId <c>databricks_ui_api</c>).</summary>
    Databricks,

    /// <summary>Snowflake on Azure, through Snowflake's Private Link Service.</summary>
    Snowflake,

    /// <summary>Azure Service Bus (<c>Microsoft.ServiceBus/namespaces</c>, groupId <c>namespace</c>).</summary>
    AzureServiceBus,

    /// <summary>Azure Cosmos DB (<c>Microsoft.DocumentDB/databaseAccounts</c>): groupId <c>Sql</c> (NoSQL, the default), <c>MongoDB</c> (API for MongoDB, port 10255), <c>Table</c> or <c>Gremlin</c>.</summary>
    AzureCosmosDb,

    /// <summary>PostgreSQL on a VM behind a Private Link Service.</summary>
    GenericPostgreSql,

    /// <summary>MySQL on a VM behind a Private Link Service.</summary>
    GenericMySql,

    /// <summary>MariaDB on a VM behind a Private Link Service.</summary>
    GenericMariaDb,

    /// <summary>SQL Server on a VM behind a Private Link Service.</summary>
    GenericSqlServer,
}
