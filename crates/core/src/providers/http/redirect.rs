//! Redirects, followed by hand: the one policy every request to a provider goes through.
//!
//! The HTTP clients follow no redirect themselves (`redirect::Policy::none()`);
//! [`send_following`] follows up to [`MAX_REDIRECTS`] 3xx answers. Headers are re-sent only
//! while the request stays on its first origin (scheme, host and port). On a hop to another
//! origin every header the adapter set is dropped except the harmless ones of
//! [`KEPT_ACROSS_ORIGINS`], so no credential (`Authorization`, `x-goog-api-key`,
//! `x-api-key`, or whatever header an adapter puts its key in) reaches a host it was not
//! meant for; once dropped they stay dropped, even if a later hop comes back. Real
//! downloads do redirect to other origins (Veo's files to Google's storage), so such a hop
//! is followed, just without the credentials.

use reqwest::header::{self, HeaderMap, HeaderName};
use reqwest::{Client, Method, Request, Response, StatusCode, Url};

/// Most redirects followed for one request.
pub const MAX_REDIRECTS: usize = 10;

/// Headers kept on a hop to another origin: none of them can carry a credential.
const KEPT_ACROSS_ORIGINS: [HeaderName; 5] = [
    header::ACCEPT,
    header::ACCEPT_LANGUAGE,
    header::RANGE,
    header::IF_RANGE,
    header::USER_AGENT,
];

/// Headers that describe a body, dropped when a redirect turns the request into a GET.
const BODY_HEADERS: [HeaderName; 4] = [
    header::CONTENT_TYPE,
    header::CONTENT_LENGTH,
    header::CONTENT_ENCODING,
    header::TRANSFER_ENCODING,
];

/// Why a request could not be carried through its redirects.
#[derive(Debug, thiserror::Error)]
pub enum RedirectError {
    /// The request (or one of its hops) failed in transport.
    #[error(transparent)]
    Transport(#[from] reqwest::Error),
    /// The server kept redirecting.
    #[error("the server redirected more than {MAX_REDIRECTS} times")]
    TooMany,
}

/// Sends `request` with `client`, following redirects under the policy of this module;
/// returns the first answer that is not a followable redirect.
pub async fn send_following(client: &Client, request: Request) -> Result<Response, RedirectError> {
    let origin = request.url().origin();
    let mut request = request;
    for _ in 0..=MAX_REDIRECTS {
        let replay = request.try_clone();
        let method = request.method().clone();
        let url = request.url().clone();
        let mut headers = request.headers().clone();
        let timeout = request.timeout().copied();
        let response = client.execute(request).await?;
        let Some(target) = redirect_target(&response, &url) else {
            return Ok(response);
        };
        let status = response.status();
        let becomes_get = (status == StatusCode::SEE_OTHER && method != Method::HEAD)
            || (matches!(status, StatusCode::MOVED_PERMANENTLY | StatusCode::FOUND)
                && method == Method::POST);
        let mut next = if becomes_get {
            for name in &BODY_HEADERS {
                headers.remove(name);
            }
            let mut next = Request::new(Method::GET, target);
            *next.headers_mut() = headers;
            *next.timeout_mut() = timeout;
            next
        } else {
            // Same method and body: only possible when the body can be sent again.
            let Some(mut next) = replay else {
                return Ok(response);
            };
            *next.url_mut() = target;
            next
        };
        if next.url().origin() != origin {
            keep_only_harmless(next.headers_mut());
        }
        request = next;
    }
    Err(RedirectError::TooMany)
}

/// Where a redirect answer points, resolved against `from`; `None` when `response` is not a
/// redirect that can be followed (no or bad `Location`, or not HTTP(S)).
fn redirect_target(response: &Response, from: &Url) -> Option<Url> {
    let followed = [
        StatusCode::MOVED_PERMANENTLY,
        StatusCode::FOUND,
        StatusCode::SEE_OTHER,
        StatusCode::TEMPORARY_REDIRECT,
        StatusCode::PERMANENT_REDIRECT,
    ];
    if !followed.contains(&response.status()) {
        return None;
    }
    let location = response.headers().get(header::LOCATION)?.to_str().ok()?;
    let target = from.join(location).ok()?;
    matches!(target.scheme(), "http" | "https").then_some(target)
}

/// Drops every header but those of [`KEPT_ACROSS_ORIGINS`].
fn keep_only_harmless(headers: &mut HeaderMap) {
    let kept: HeaderMap = KEPT_ACROSS_ORIGINS
        .iter()
        .filter_map(|name| headers.get(name).map(|v| (name.clone(), v.clone())))
        .collect();
    *headers = kept;
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn only_harmless_headers_cross_origins() {
        let mut headers = HeaderMap::new();
        headers.insert(header::AUTHORIZATION, HeaderValue::from_static("Bearer k"));
        headers.insert("x-goog-api-key", HeaderValue::from_static("k"));
        headers.insert("x-api-key", HeaderValue::from_static("k"));
        headers.insert("x-runway-version", HeaderValue::from_static("2024-11-06"));
        headers.insert(header::RANGE, HeaderValue::from_static("bytes=10-"));
        headers.insert(header::ACCEPT, HeaderValue::from_static("*/*"));
        keep_only_harmless(&mut headers);
        let names: Vec<&str> = headers.keys().map(HeaderName::as_str).collect();
        assert_eq!(names, ["accept", "range"]);
    }
}
