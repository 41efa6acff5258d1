//! The words posted with a finished video: [`PostBrief`] (what the writer is told about the
//! job) and [`PostText`] (title, description, hashtags), written by a [`ScriptWriter`]
//! (super::ScriptWriter) in the job's language. [`tidy_post`] holds every writer to the same
//! shape: a title of at most [`TITLE_MAX_CHARS`] characters, hashtags starting with `#`
//! without spaces, once each. The offline writer's words are [`write_post_offline`].

use super::offline::capitalised;
use super::phrases::Pillar;
use reelforge_protocol::ScriptLanguage;

/// The longest title kept (YouTube's limit).
pub const TITLE_MAX_CHARS: usize = 100;
/// At most this many hashtags are kept.
pub const HASHTAGS_MAX: usize = 8;

/// What a writer knows of the job when it writes the post.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostBrief {
    /// The job's title.
    pub title: String,
    /// The job's subject (its title when nothing else is known).
    pub subject: String,
    /// The content pillar (tips, education, …; may be empty).
    pub pillar: String,
    pub language: ScriptLanguage,
    /// The narration lines, in order (may be empty).
    pub narration: Vec<String>,
}

/// A title, a description and hashtags for the platforms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostText {
    pub title: String,
    pub description: String,
    /// Each starts with `#`, has no spaces, appears once.
    pub hashtags: Vec<String>,
}

/// `word` as a hashtag: `#` then its letters and digits only (`"mise en place"` →
/// `#miseenplace`); `None` when nothing is left.
pub fn hashtag(word: &str) -> Option<String> {
    let body: String = word
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    (!body.is_empty()).then(|| format!("#{body}"))
}

/// `raw` held to the shape every writer gives: trimmed, the title cut at a word within
/// [`TITLE_MAX_CHARS`] (the brief's title when empty), hashtags cleaned, once each
/// (ignoring case), at most [`HASHTAGS_MAX`].
pub fn tidy_post(raw: PostText, brief: &PostBrief) -> PostText {
    let title = match raw.title.trim() {
        "" => brief.title.trim(),
        t => t,
    };
    let mut seen: Vec<String> = Vec::new();
    let mut hashtags = Vec::new();
    for tag in raw.hashtags.iter().filter_map(|t| hashtag(t)) {
        let key = tag.to_lowercase();
        if !seen.contains(&key) && hashtags.len() < HASHTAGS_MAX {
            seen.push(key);
            hashtags.push(tag);
        }
    }
    PostText {
        title: shortened(title, TITLE_MAX_CHARS),
        description: raw.description.trim().to_owned(),
        hashtags,
    }
}

/// `text` cut to at most `max` characters, at the last space when there is one.
fn shortened(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max).collect();
    match cut.rfind(' ') {
        Some(space) if space > 0 => cut[..space].trim_end().to_owned(),
        _ => cut,
    }
}

/// The offline writer's post: the title, the first narration lines and a call to follow as
/// the description, hashtags from the subject's longer words, the pillar and the language.
pub fn write_post_offline(brief: &PostBrief) -> PostText {
    let subject = match brief.subject.trim() {
        "" => brief.title.trim(),
        s => s,
    };
    let french = brief.language == ScriptLanguage::Fr;
    let lines: Vec<&str> = brief
        .narration
        .iter()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty())
        .take(2)
        .collect();
    let follow = match french {
        true => "Abonnez-vous pour la suite.",
        false => "Follow for more.",
    };
    let description = match lines.is_empty() {
        true => format!("{}. {follow}", capitalised(subject)),
        false => format!("{} {follow}", lines.join(" ")),
    };
    let mut tags: Vec<String> = subject
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| w.chars().count() > 3)
        .map(str::to_lowercase)
        .collect();
    tags.push(pillar_tag(&brief.pillar, french).to_owned());
    tags.push(
        match french {
            true => "astuce",
            false => "howto",
        }
        .to_owned(),
    );
    tags.push("shorts".to_owned());
    let raw = PostText {
        title: capitalised(brief.title.trim()),
        description,
        hashtags: tags,
    };
    tidy_post(raw, brief)
}

/// A hashtag word for the pillar, in the language.
fn pillar_tag(pillar: &str, french: bool) -> &'static str {
    match (Pillar::of(pillar), french) {
        (Pillar::Tips, false) => "tips",
        (Pillar::Tips, true) => "astuces",
        (Pillar::Education, false) => "learnontiktok",
        (Pillar::Education, true) => "apprendre",
        (Pillar::Demo, false) => "demo",
        (Pillar::Demo, true) => "démo",
        (Pillar::Story, false) => "storytime",
        (Pillar::Story, true) => "histoire",
        (Pillar::General, false) => "video",
        (Pillar::General, true) => "vidéo",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn brief(language: ScriptLanguage, title: &str) -> PostBrief {
        PostBrief {
            title: title.to_owned(),
            subject: title.to_owned(),
            pillar: "tips".to_owned(),
            language,
            narration: vec![],
        }
    }

    #[test]
    fn hashtags_lose_spaces_and_punctuation_and_come_once() {
        assert_eq!(hashtag("mise en place").as_deref(), Some("#miseenplace"));
        assert_eq!(hashtag("#Café!").as_deref(), Some("#Café"));
        assert_eq!(hashtag(" # "), None);
        let raw = PostText {
            title: "  ".to_owned(),
            description: " d ".to_owned(),
            hashtags: vec!["#Tips".into(), "tips".into(), "two words".into()],
        };
        let post = tidy_post(raw, &brief(ScriptLanguage::En, "Cats"));
        assert_eq!(post.title, "Cats");
        assert_eq!(post.description, "d");
        assert_eq!(post.hashtags, ["#Tips", "#twowords"]);
    }

    fn assert_platform_ready(post: &PostText) {
        assert!(!post.title.is_empty() && post.title.chars().count() <= TITLE_MAX_CHARS);
        assert!(!post.description.is_empty());
        assert!(post.hashtags.len() >= 3, "{:?}", post.hashtags);
        for tag in &post.hashtags {
            assert!(tag.starts_with('#') && tag.len() > 1, "{tag}");
            assert!(!tag.contains(char::is_whitespace), "{tag}");
        }
    }

    #[test]
    fn the_offline_post_is_written_in_the_jobs_language() {
        let mut fr = brief(ScriptLanguage::Fr, "3 astuces pour la pâte à crêpes");
        fr.narration = vec!["Trois astuces : la plupart des gens passent à côté.".into()];
        let post = write_post_offline(&fr);
        assert_platform_ready(&post);
        assert_eq!(post.title, "3 astuces pour la pâte à crêpes");
        assert_eq!(
            post.description,
            "Trois astuces : la plupart des gens passent à côté. Abonnez-vous pour la suite."
        );
        assert!(
            post.hashtags.contains(&"#astuces".to_owned()),
            "{:?}",
            post.hashtags
        );
        assert!(
            post.hashtags.contains(&"#crêpes".to_owned()),
            "{:?}",
            post.hashtags
        );

        let en = write_post_offline(&brief(ScriptLanguage::En, "sourdough starter tips"));
        assert_platform_ready(&en);
        assert_eq!(en.description, "Sourdough starter tips. Follow for more.");
        assert_eq!(
            en.hashtags,
            ["#sourdough", "#starter", "#tips", "#howto", "#shorts"]
        );
    }

    #[test]
    fn a_long_title_is_cut_at_a_word() {
        let long = "word ".repeat(40);
        let post = write_post_offline(&brief(ScriptLanguage::En, &long));
        assert!(post.title.chars().count() <= TITLE_MAX_CHARS);
        assert!(post.title.ends_with("word"), "{}", post.title);
    }
}
