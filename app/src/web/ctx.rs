//! The current request and response, as server functions see them.
use super::AppState;
use http::{header, HeaderMap};
use leptos::prelude::*;

pub fn request_headers() -> HeaderMap {
    use_context::<http::request::Parts>()
        .map(|p| p.headers)
        .unwrap_or_default()
}

pub fn set_cookie(value: String) {
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        if let Ok(v) = http::HeaderValue::from_str(&value) {
            response.append_header(header::SET_COOKIE, v);
        }
    }
}

/// The client's address (for attempt limits; only its hash is stored): the connection's peer, or,
/// when the peer is a trusted reverse proxy, the address the proxies say they were called from.
pub async fn client_ip() -> String {
    let Some(peer) = leptos_axum::extract::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .await
        .ok()
        .map(|c| c.0.ip())
    else {
        return String::new();
    };
    let trusted = use_context::<AppState>()
        .and_then(|s| s.config.proxies().ok())
        .unwrap_or_default();
    client_address(peer, &request_headers(), &trusted).to_string()
}

/// Walks the proxies' chain from the nearest: every hop that is a trusted proxy passes the question
/// on to the address it names; the first that is not trusted is the client. `Forwarded` (RFC 7239)
/// wins over `X-Forwarded-For`; an unreadable entry stops the walk at the last trusted hop's peer.
pub fn client_address(
    peer: std::net::IpAddr,
    headers: &HeaderMap,
    trusted: &[ipnet::IpNet],
) -> std::net::IpAddr {
    let is_trusted = |ip: &std::net::IpAddr| trusted.iter().any(|n| n.contains(ip));
    if !is_trusted(&peer) {
        return peer;
    }
    let chain: Vec<String> = if headers.contains_key(header::FORWARDED) {
        headers
            .get_all(header::FORWARDED)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(|element| {
                element
                    .split(';')
                    .filter_map(|pair| pair.trim().split_once('='))
                    .find(|(k, _)| k.eq_ignore_ascii_case("for"))
                    .map(|(_, v)| forwarded_node(v))
                    .unwrap_or_default()
            })
            .collect()
    } else {
        headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(|s| s.trim().to_owned())
            .collect()
    };
    let mut client = peer;
    for hop in chain.iter().rev() {
        match hop.parse::<std::net::IpAddr>() {
            Ok(ip) => {
                client = ip;
                if !is_trusted(&ip) {
                    break;
                }
            }
            Err(_) => break,
        }
    }
    client
}

/// The address in a `Forwarded` `for=` value: `192.0.2.1`, `"192.0.2.1:4711"`, `"[2001:db8::1]:80"`.
fn forwarded_node(value: &str) -> String {
    let v = value.trim().trim_matches('"');
    if let Some(rest) = v.strip_prefix('[') {
        return rest.split(']').next().unwrap_or_default().to_owned();
    }
    match v.rsplit_once(':') {
        Some((host, port)) if !host.contains(':') && port.chars().all(|c| c.is_ascii_digit()) => {
            host.to_owned()
        }
        _ => v.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, HeaderValue::from_static(v));
        }
        h
    }

    fn nets(list: &[&str]) -> Vec<ipnet::IpNet> {
        list.iter().map(|n| n.parse().unwrap()).collect()
    }

    #[test]
    fn a_client_not_behind_a_trusted_proxy_cannot_choose_its_address_by_header() {
        let peer = "203.0.113.9".parse().unwrap();
        let h = headers(&[
            ("x-forwarded-for", "10.9.9.9"),
            ("forwarded", "for=10.9.9.9"),
        ]);
        assert_eq!(client_address(peer, &h, &nets(&["10.0.0.0/8"])), peer);
        assert_eq!(client_address(peer, &h, &[]), peer);
    }

    #[test]
    fn behind_a_trusted_proxy_the_client_is_the_first_untrusted_hop() {
        let proxy = "10.0.0.2".parse().unwrap();
        let trusted = nets(&["10.0.0.0/8"]);
        // a client that forges an entry only adds to the left of what the proxy appends
        let h = headers(&[("x-forwarded-for", "1.2.3.4, 198.51.100.7, 10.0.0.3")]);
        assert_eq!(
            client_address(proxy, &h, &trusted).to_string(),
            "198.51.100.7"
        );
        let h = headers(&[(
            "forwarded",
            "for=1.2.3.4, for=\"[2001:db8::7]:4711\";proto=https, for=10.0.0.3",
        )]);
        assert_eq!(
            client_address(proxy, &h, &trusted).to_string(),
            "2001:db8::7"
        );
        let h = headers(&[("forwarded", "for=\"198.51.100.8:5555\"")]);
        assert_eq!(
            client_address(proxy, &h, &trusted).to_string(),
            "198.51.100.8"
        );
        // no header: the proxy itself
        assert_eq!(client_address(proxy, &HeaderMap::new(), &trusted), proxy);
        // an unreadable entry stops at the last address that could be read
        let h = headers(&[("x-forwarded-for", "unknown, 10.0.0.3")]);
        assert_eq!(client_address(proxy, &h, &trusted).to_string(), "10.0.0.3");
    }
}
