//! Id newtypes. Record ids are UUID strings created by the engine, which the UI treats as
//! opaque; [`ProviderId`] is the slug naming a video provider.

use serde::{Deserialize, Serialize};
use std::borrow::{Borrow, Cow};
use std::fmt;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl $name {
            /// The id as a string slice.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.pad(&self.0)
            }
        }

        impl From<String> for $name {
            fn from(value: String) -> Self {
                Self(value)
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                Self(value.to_owned())
            }
        }
    };
}

id_type!(
    /// A reusable production template.
    TemplateId
);
id_type!(
    /// A production job.
    JobId
);
id_type!(
    /// One segment (clip slot) of a job.
    SegmentId
);
id_type!(
    /// One generation attempt ("take") of a segment.
    TakeId
);
id_type!(
    /// A file imported into the library (reference image, uploaded clip).
    AssetId
);
id_type!(
    /// An audio file imported into the library (a music bed or a voice-over), for assembly.
    AudioId
);

/// A video provider's id: the short lowercase slug (`local`, `luma`, `fal-kling`) stored on
/// templates, jobs, segments and takes. On the wire and in the database it is a plain string.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(transparent)]
pub struct ProviderId(Cow<'static, str>);

impl ProviderId {
    /// The built-in offline provider: what a job runs with when nothing says otherwise.
    pub const LOCAL: ProviderId = ProviderId::from_static("local");

    /// An id known when the program is written (a provider's own id).
    pub const fn from_static(id: &'static str) -> Self {
        Self(Cow::Borrowed(id))
    }

    /// The id as a string slice.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether this is the built-in offline provider.
    pub fn is_local(&self) -> bool {
        *self == Self::LOCAL
    }
}

impl fmt::Display for ProviderId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&self.0)
    }
}

impl From<String> for ProviderId {
    fn from(value: String) -> Self {
        Self(Cow::Owned(value))
    }
}

impl From<&str> for ProviderId {
    fn from(value: &str) -> Self {
        Self(Cow::Owned(value.to_owned()))
    }
}

impl From<ProviderId> for String {
    fn from(value: ProviderId) -> Self {
        value.0.into_owned()
    }
}

/// A provider id reads as the slug it is, so lookups keyed by `&str` (the registry, the key
/// store, settings) take one as is; a `&str` never becomes a `ProviderId` unnoticed.
impl std::ops::Deref for ProviderId {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for ProviderId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for ProviderId {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl PartialEq<str> for ProviderId {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for ProviderId {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl PartialEq<String> for ProviderId {
    fn eq(&self, other: &String) -> bool {
        self.0 == other.as_str()
    }
}

impl PartialEq<ProviderId> for String {
    fn eq(&self, other: &ProviderId) -> bool {
        self.as_str() == other.0
    }
}

impl PartialEq<ProviderId> for str {
    fn eq(&self, other: &ProviderId) -> bool {
        self == other.0
    }
}

impl PartialEq<ProviderId> for &str {
    fn eq(&self, other: &ProviderId) -> bool {
        *self == other.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provider_ids_cross_the_wire_as_plain_strings() {
        let id = ProviderId::from("luma");
        assert_eq!(serde_json::to_string(&id).unwrap(), r#""luma""#);
        let back: ProviderId = serde_json::from_str(r#""local""#).unwrap();
        assert_eq!(back, ProviderId::LOCAL);
        assert!(back.is_local());
        assert!(!id.is_local());
        assert_eq!(id, "luma");
        assert_eq!(id.to_string(), "luma");
    }

    #[test]
    fn a_static_and_an_owned_id_are_the_same_id() {
        use std::collections::HashSet;
        let owned = ProviderId::from(String::from("local"));
        assert_eq!(owned, ProviderId::LOCAL);
        let set: HashSet<ProviderId> = [owned].into();
        assert!(set.contains(&ProviderId::LOCAL));
        assert!(set.contains("local"));
    }
}
