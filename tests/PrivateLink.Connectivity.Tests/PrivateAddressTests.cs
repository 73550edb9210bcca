using System.Net;
using PrivateLink.Connectivity.NameResolution;

namespace PrivateLink.Connectivity.Tests;

/// <summary>Which resolved addresses count as a private endpoint's: the ranges' edges, IPv6 and IPv4-mapped forms.</summary>
public sealed class PrivateAddressTests
{
    [Theory]
    [InlineData("10.0.0.4", true)]
    [InlineData("10.255.255.255", true)]
    [InlineData("172.16.0.1", true)]
    [InlineData("172.31.255.254", true)]
    [InlineData("172.32.0.1", false)]
    [InlineData("192.168.10.5", true)]
    [InlineData("100.64.0.1", true)]
    [InlineData("100.128.0.1", false)]
    [InlineData("127.0.0.1", true)]
    [InlineData("fd12:3456::1", true)]
    [InlineData("::ffff:10.1.2.3", true)]
    [InlineData("203.0.113.10", false)]
    [InlineData("2001:db8::1", false)]
    public void IsPrivate_Address_AsItsRange(string address, bool expected) =>
        Assert.Equal(expected, NameResolutionCheck.IsPrivate(IPAddress.Parse(address)));
}
