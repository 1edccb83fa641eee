//! Who is asking: the client's address as API Gateway saw it (or as a trusted proxy in front
//! of it saw it), and the coarser forms of it the rest of the code uses. One function reads
//! it for every function, so the redirect's visits and the sign-in throttle agree on who a
//! client is.
//!
//! - [`ClientAddress::full`]: the whole address, stored with a visit only where
//!   `ANONYMIZE_IPS=false` asks for it.
//! - [`ClientAddress::anonymised`]: IPv4 /24, IPv6 /48, the form a visit keeps by default and
//!   the only form application logs get.
//!   The HTTP API's access log is the one place the full address is kept (README, "Logging").
//! - [`ClientAddress::throttle_key`]: IPv4 whole, IPv6 per /64, since one IPv6 host is
//!   usually given a whole /64 and could otherwise draw a fresh address per guess.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use lambda_http::request::RequestContext;
use lambda_http::{Request, RequestExt};

#[derive(Clone, Copy, PartialEq, Eq)]
pub struct ClientAddress(IpAddr);

impl ClientAddress {
    /// The address API Gateway saw the connection come from. `X-Forwarded-For` is believed
    /// only with `hops` trusted proxies in front (CloudFront, a load balancer). API Gateway
    /// appends the address that connected to it (the nearest proxy), and each proxy appended
    /// the address it saw, so the client is the entry `hops` places left of the last.
    /// Anything further left is client-chosen.
    pub fn of(request: &Request, hops: usize) -> Option<Self> {
        if hops > 0
            && let Some(forwarded) = request
                .headers()
                .get("x-forwarded-for")
                .and_then(|v| v.to_str().ok())
        {
            let entries: Vec<&str> = forwarded.split(',').map(str::trim).collect();
            if let Some(address) = entries
                .len()
                .checked_sub(hops + 1)
                .and_then(|i| entries.get(i))
                .and_then(|entry| entry.parse::<IpAddr>().ok())
            {
                return Some(Self(address.to_canonical()));
            }
        }
        match request.request_context_ref() {
            Some(RequestContext::ApiGatewayV2(context)) => context
                .http
                .source_ip
                .as_deref()
                .and_then(|ip| ip.parse::<IpAddr>().ok())
                .map(|ip| Self(ip.to_canonical())),
            _ => None,
        }
    }

    pub fn full(&self) -> IpAddr {
        self.0
    }

    /// The network, not the host: IPv4 /24 (`203.0.113.0`), IPv6 /48 (`2001:db8:1::`).
    pub fn anonymised(&self) -> IpAddr {
        match self.0 {
            IpAddr::V4(v4) => IpAddr::V4(Ipv4Addr::from_bits(v4.to_bits() & !0xff)),
            IpAddr::V6(v6) => IpAddr::V6(Ipv6Addr::from_bits(v6.to_bits() & !(u128::MAX >> 48))),
        }
    }

    /// The field logs carry: the [`anonymised`](Self::anonymised) network.
    pub fn for_logs(self) -> tracing::field::DisplayValue<IpAddr> {
        tracing::field::display(self.anonymised())
    }

    /// What one client is, for counting its sign-in attempts: `203.0.113.7`, `2001:db8:1:2::/64`.
    pub fn throttle_key(&self) -> String {
        match self.0 {
            IpAddr::V4(v4) => v4.to_string(),
            IpAddr::V6(v6) => format!("{}/64", Ipv6Addr::from_bits(v6.to_bits() & !(u128::MAX >> 64))),
        }
    }
}

/// Anonymised, so that a `?address` in a log line never writes the whole address.
impl fmt::Debug for ClientAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.anonymised())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn address(ip: &str) -> ClientAddress {
        ClientAddress(ip.parse::<IpAddr>().unwrap().to_canonical())
    }

    #[test]
    fn logs_get_the_network_never_the_host() {
        assert_eq!(address("203.0.113.77").anonymised().to_string(), "203.0.113.0");
        assert_eq!(
            address("2001:db8:1:2:3:4:5:6").anonymised().to_string(),
            "2001:db8:1::"
        );
        assert_eq!(
            address("::ffff:198.51.100.9").anonymised().to_string(),
            "198.51.100.0"
        );
        assert_eq!(format!("{:?}", address("203.0.113.77")), "203.0.113.0");
    }

    #[test]
    fn an_ipv6_client_is_counted_per_64() {
        assert_eq!(address("203.0.113.77").throttle_key(), "203.0.113.77");
        assert_eq!(
            address("2001:db8:1:2:aaaa::1").throttle_key(),
            address("2001:db8:1:2:bbbb::2").throttle_key()
        );
        assert_eq!(
            address("2001:db8:1:2:aaaa::1").throttle_key(),
            "2001:db8:1:2::/64"
        );
        assert_ne!(
            address("2001:db8:1:2::1").throttle_key(),
            address("2001:db8:1:3::1").throttle_key()
        );
    }
}
