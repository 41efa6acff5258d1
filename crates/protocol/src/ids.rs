//! Id newtypes. Ids are UUID strings created by the engine; the UI treats them as opaque.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
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
