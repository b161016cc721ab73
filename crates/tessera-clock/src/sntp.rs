//! One SNTP query (RFC 4330 §5; RFC 5905 §8 for the offset and delay): a
//! client packet to the server, its reply checked (the originate timestamp
//! must echo ours; a stratum-0 "kiss-o'-death" or an unsynchronised server
//! is refused) and turned into an offset and a round trip.

use crate::ServerReading;
use std::io::ErrorKind;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, ToSocketAddrs};
use std::time::Duration;

/// The NTP port, used when a server is given without one.
pub const DEFAULT_PORT: u16 = 123;

/// Why a server gave no reading.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ClockError {
    /// The server is not written as `HOST` or `HOST:PORT`.
    #[error("'{0}' is not a server (write HOST or HOST:PORT, e.g. pool.ntp.org or 192.0.2.1:123)")]
    BadAddress(String),
    /// The host name could not be looked up (offline, or no such host).
    #[error("the name could not be looked up ({detail})")]
    NotFound {
        /// The host name.
        host: String,
        /// What the resolver said.
        detail: String,
    },
    /// Nothing came back within the time allowed.
    #[error("no answer within {0} ms")]
    NoAnswer(u128),
    /// The computer at that address refused: no NTP server on that port.
    #[error("refused: no NTP server answers on that port")]
    Refused,
    /// The network could not reach the server (offline, no route).
    #[error("unreachable: {0}")]
    Unreachable(String),
    /// The reply was not a usable time (a refusal — "kiss-o'-death" — or a
    /// server that is not synchronised itself, or a malformed packet).
    #[error("the server's answer is unusable: {0}")]
    BadReply(String),
    /// The query could not be made on this computer.
    #[error("the query failed: {0}")]
    Failed(String),
}

/// A time server: host (name or address) and port.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerAddress {
    /// Host name or IP address (an IPv6 address without brackets).
    pub host: String,
    /// UDP port ([`DEFAULT_PORT`] unless given).
    pub port: u16,
}

impl std::fmt::Display for ServerAddress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.host.contains(':') {
            write!(f, "[{}]:{}", self.host, self.port)
        } else {
            write!(f, "{}:{}", self.host, self.port)
        }
    }
}

impl ServerAddress {
    /// Parses `HOST`, `HOST:PORT`, `IPV6`, `[IPV6]` or `[IPV6]:PORT`.
    pub fn parse(text: &str) -> Result<Self, ClockError> {
        let bad = || ClockError::BadAddress(text.to_owned());
        let text_trimmed = text.trim();
        if let Ok(ip) = text_trimmed.parse::<IpAddr>() {
            return Ok(Self {
                host: ip.to_string(),
                port: DEFAULT_PORT,
            });
        }
        let (host, port) = if let Some(rest) = text_trimmed.strip_prefix('[') {
            let (inside, after) = rest.split_once(']').ok_or_else(bad)?;
            inside.parse::<Ipv6Addr>().map_err(|_| bad())?;
            match after {
                "" => (inside, None),
                _ => (inside, Some(after.strip_prefix(':').ok_or_else(bad)?)),
            }
        } else {
            match text_trimmed.split_once(':') {
                Some((host, port)) => (host, Some(port)),
                None => (text_trimmed, None),
            }
        };
        let valid_host = !host.is_empty()
            && host
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | ':'));
        if !valid_host {
            return Err(bad());
        }
        let port = match port {
            None => DEFAULT_PORT,
            Some(p) => match p.parse::<u16>() {
                Ok(n) if n > 0 && p.bytes().all(|b| b.is_ascii_digit()) => n,
                _ => return Err(bad()),
            },
        };
        Ok(Self {
            host: host.to_owned(),
            port,
        })
    }

    /// The first address the host resolves to.
    fn resolve(&self) -> Result<SocketAddr, ClockError> {
        let not_found = |detail: String| ClockError::NotFound {
            host: self.host.clone(),
            detail,
        };
        let mut addrs = (self.host.as_str(), self.port)
            .to_socket_addrs()
            .map_err(|e| not_found(e.to_string()))?;
        addrs
            .next()
            .ok_or_else(|| not_found("no address".to_owned()))
    }
}

fn from_io(err: &std::io::Error, timeout: Duration) -> ClockError {
    match err.kind() {
        ErrorKind::TimedOut | ErrorKind::WouldBlock => ClockError::NoAnswer(timeout.as_millis()),
        ErrorKind::ConnectionRefused | ErrorKind::ConnectionReset => ClockError::Refused,
        ErrorKind::NetworkUnreachable
        | ErrorKind::HostUnreachable
        | ErrorKind::NetworkDown
        | ErrorKind::AddrNotAvailable => ClockError::Unreachable(err.to_string()),
        _ => ClockError::Failed(err.to_string()),
    }
}

/// Asks one server (`HOST[:PORT]`, port 123 by default) for the time,
/// waiting at most `timeout` for its reply (the host name lookup comes
/// first and follows the system's resolver).
pub fn query(server: &str, timeout: Duration) -> Result<ServerReading, ClockError> {
    let address = ServerAddress::parse(server)?;
    let target = address.resolve()?;
    let bind = match target {
        SocketAddr::V4(_) => SocketAddr::new(IpAddr::V4(Ipv4Addr::UNSPECIFIED), 0),
        SocketAddr::V6(_) => SocketAddr::new(IpAddr::V6(Ipv6Addr::UNSPECIFIED), 0),
    };
    // A zero read timeout means "none" to the OS: wait at least 1 ms.
    let timeout = timeout.max(Duration::from_millis(1));
    let client = rsntp::SntpClient::with_config(
        rsntp::Config::default().bind_address(bind).timeout(timeout),
    );
    let reply = client.synchronize(target).map_err(|err| match err {
        rsntp::SynchronizationError::IOError(io) => from_io(&io, timeout),
        rsntp::SynchronizationError::ProtocolError(p) => ClockError::BadReply(p.to_string()),
    })?;
    let offset_ms = (reply.clock_offset().as_secs_f64() * 1000.0).round();
    let rtt_ms = (reply.round_trip_delay().as_secs_f64() * 1000.0).round();
    Ok(ServerReading {
        server: server.to_owned(),
        // `as` saturates: a clock decades off still reads as far off.
        offset_ms: offset_ms as i64,
        rtt_ms: rtt_ms.max(0.0) as u64,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn parsed(text: &str) -> (String, u16) {
        let a = ServerAddress::parse(text).unwrap();
        (a.host, a.port)
    }

    #[test]
    fn servers_are_host_and_optional_port() {
        assert_eq!(parsed("pool.ntp.org"), ("pool.ntp.org".into(), 123));
        assert_eq!(parsed("127.0.0.1:11123"), ("127.0.0.1".into(), 11123));
        assert_eq!(
            parsed(" time.cloudflare.com "),
            ("time.cloudflare.com".into(), 123)
        );
        assert_eq!(parsed("2001:db8::1"), ("2001:db8::1".into(), 123));
        assert_eq!(parsed("[2001:db8::1]"), ("2001:db8::1".into(), 123));
        assert_eq!(parsed("[::1]:4123"), ("::1".into(), 4123));
        assert_eq!(parsed("time.apple.com."), ("time.apple.com.".into(), 123));
        let shown = |t: &str| ServerAddress::parse(t).unwrap().to_string();
        assert_eq!(shown("pool.ntp.org"), "pool.ntp.org:123");
        assert_eq!(shown("::1"), "[::1]:123");
    }

    #[test]
    fn a_bad_server_is_named() {
        for bad in [
            "",
            " ",
            "host:",
            "host:0",
            "host:65536",
            "host:+5",
            "host:12:34",
            "[::1",
            "[::1]x",
            "[not-v6]:123",
            "http://pool.ntp.org",
            "two words",
        ] {
            let err = ServerAddress::parse(bad).unwrap_err();
            assert_eq!(err, ClockError::BadAddress(bad.to_owned()), "{bad:?}");
            assert!(err.to_string().contains("HOST:PORT"));
        }
    }

    #[test]
    fn a_closed_port_is_refused_not_a_panic() {
        // A port that was free a moment ago: nothing listens there.
        let port = std::net::UdpSocket::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let err = query(&format!("127.0.0.1:{port}"), Duration::from_secs(5)).unwrap_err();
        assert_eq!(err, ClockError::Refused);
    }

    #[test]
    fn a_silent_server_is_no_answer() {
        // Bound but never answering: the query gives up after its timeout.
        let silent = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
        let server = silent.local_addr().unwrap().to_string();
        let err = query(&server, Duration::from_millis(200)).unwrap_err();
        assert_eq!(err, ClockError::NoAnswer(200));
    }
}
