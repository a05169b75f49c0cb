/*
 * netaddr.h - IP addresses and "address:port" tokens as Windows tools print
 * them, and the scope of an address (private, public, loopback...).
 *
 * Shared by the parsers of network artifacts (netstat, ipconfig, net
 * session, the firewall log).  The forms accepted are the ones these tools
 * write:
 *
 *   10.0.0.5:49712          IPv4 and a port
 *   [::]:445                IPv6 in brackets and a port
 *   [fe80::1%12]:139        IPv6 with a zone (interface) index
 *   *:*                     any address, any port (netstat UDP rows)
 *   LAPTOP-01:0             a host name (netstat without -n)
 *
 * Nothing here allocates; results point into the caller's text.
 */
#ifndef IPK_NETADDR_H
#define IPK_NETADDR_H

#include <stddef.h>

/* An "address:port" token, split. */
struct ipk_endpoint {
	const char *host;      /* address or name without brackets, or "*" */
	size_t host_len;       /* bytes of host */
	long port;             /* 0..65535; -1 for "*"; -2 for a name */
	const char *port_name; /* "https" (netstat without -n), or NULL */
	size_t port_name_len;
	int family;            /* 4 or 6 for an address literal, 0 otherwise */
};

/*
 * Splits s[0..n) as "host:port" or "[ipv6]:port".  The host may be an
 * address, "*" or a name without ':'; the port digits, "*" or a service
 * name ("https", "microsoft-ds": netstat without -n).  Returns 1
 * and fills ep, or 0 if the token does not have that shape.
 */
int ipk_endpoint_parse(const char *s, size_t n, struct ipk_endpoint *ep);

/* Dotted-quad IPv4 ("10.0.0.5").  Returns 1 and fills out, or 0. */
int ipk_ipv4_parse(const char *s, size_t n, unsigned char out[4]);

/*
 * IPv6 in any RFC 4291 text form ("::", "fe80::1", "::ffff:10.0.0.1"),
 * with an optional "%zone" suffix that is checked and ignored.  Returns 1
 * and fills out, or 0.
 */
int ipk_ipv6_parse(const char *s, size_t n, unsigned char out[16]);

/* 4 if s[0..n) is an IPv4 literal, 6 if IPv6 (brackets allowed), else 0. */
int ipk_ip_family(const char *s, size_t n);

/*
 * The scope of an address literal (brackets and a zone allowed):
 *   "any"        0.0.0.0, ::, or "*" (all addresses / not connected)
 *   "loopback"   127.0.0.0/8, ::1
 *   "link-local" 169.254.0.0/16, fe80::/10
 *   "private"    10/8, 172.16/12, 192.168/16, 100.64/10 (carrier NAT),
 *                fc00::/7 (unique local), fec0::/10 (old site-local)
 *   "multicast"  224.0.0.0/4, ff00::/8
 *   "broadcast"  255.255.255.255
 *   "reserved"   the rest of 0.0.0.0/8 and 240.0.0.0/4
 *   "public"     everything else, including the documentation ranges
 *                (192.0.2.0/24, 2001:db8::/32...), which only ever show up
 *                in made-up data and are best treated as the internet
 * IPv4-mapped IPv6 addresses (::ffff:a.b.c.d) take the IPv4 scope.
 * Returns NULL if s is not an address literal (a host name).
 */
const char *ipk_addr_scope(const char *s, size_t n);

#endif
