namespace PrivateLink.Connectivity;

/// <summary>How a destination negotiates TLS on its port.</summary>
public enum ProbeProtocol
{
    /// <summary>PostgreSQL: SSLRequest, then TLS (or direct TLS with ALPN <c>postgresql</c>).</summary>
    PostgreSql,

    /// <summary>MySQL / MariaDB: server greeting, SSL request packet, then TLS.</summary>
    MySql,

    /// <summary>SQL Server TDS: PRELOGIN with the ENCRYPTION option, then TLS inside TDS packets (or TDS 8 strict).</summary>
    Tds,

    /// <summary>HTTPS: TLS, then an HTTP request that must answer.</summary>
    Https,

    /// <summary>MongoDB and Azure Cosmos DB for MongoDB: TLS first on the port, then <c>hello</c> over OP_MSG.</summary>
    MongoDb,
}
