//! Beats: the named parts of a short video's story (hook, problem, …, call to action).
//!
//! Templates and segments store a beat as a string, and a person may type any; [`Beat`] is the
//! list the app itself knows: the ones its script writer and built-in templates write, and the
//! ones the UI words in each language. [`Beat::as_str`] is the stored spelling.

use std::fmt;

/// A beat the app knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Beat {
    Hook,
    Problem,
    Revelation,
    Solution,
    Proof,
    CallToAction,
    /// What the video promises to show (an intro's second shot).
    Promise,
    /// The channel's or video's title on screen.
    TitleCard,
    /// The product shown at work.
    Demo,
}

impl Beat {
    /// The beat structure of a short-form script, in the order a video tells it.
    pub const STORY: [Beat; 6] = [
        Self::Hook,
        Self::Problem,
        Self::Revelation,
        Self::Solution,
        Self::Proof,
        Self::CallToAction,
    ];

    /// The beats of the built-in templates that are not part of the story.
    pub const OTHERS: [Beat; 3] = [Self::Promise, Self::TitleCard, Self::Demo];

    /// Every known beat: the story's, then the others.
    pub fn all() -> impl Iterator<Item = Beat> {
        Self::STORY.into_iter().chain(Self::OTHERS)
    }

    /// The beat as stored on templates and segments, e.g. `call_to_action`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Hook => "hook",
            Self::Problem => "problem",
            Self::Revelation => "revelation",
            Self::Solution => "solution",
            Self::Proof => "proof",
            Self::CallToAction => "call_to_action",
            Self::Promise => "promise",
            Self::TitleCard => "title_card",
            Self::Demo => "demo",
        }
    }

    /// The known beat stored as `s`; `None` for any other text.
    pub fn parse(s: &str) -> Option<Self> {
        Self::all().find(|b| b.as_str() == s)
    }
}

impl fmt::Display for Beat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn beats_round_trip_through_their_stored_spelling() {
        for beat in Beat::all() {
            assert_eq!(Beat::parse(beat.as_str()), Some(beat));
        }
        assert_eq!(Beat::CallToAction.to_string(), "call_to_action");
        assert_eq!(Beat::parse("Call to action"), None);
        assert_eq!(Beat::parse("outro"), None);
    }

    #[test]
    fn the_story_is_told_from_hook_to_call_to_action() {
        let story = Beat::STORY.map(Beat::as_str).join(" ");
        assert_eq!(
            story,
            "hook problem revelation solution proof call_to_action"
        );
        assert_eq!(Beat::all().count(), Beat::STORY.len() + Beat::OTHERS.len());
    }
}
