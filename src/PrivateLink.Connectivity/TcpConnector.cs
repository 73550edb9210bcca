using System.Net;
using System.Net.Sockets;

namespace PrivateLink.Connectivity;

/// <summary>Opens a TCP connection; a seam so tests can stand in a peer that never answers SYN, which loopback cannot do.</summary>
internal delegate ValueTask<Socket> TcpConnector(IPEndPoint endPoint, CancellationToken cancellationToken);
