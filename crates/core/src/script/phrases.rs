//! The offline writer's phrase tables: one narration line per (language, pillar, beat) and one
//! English shot description per beat (video models follow English prompts best).
//!
//! `{S}` is the subject with a capital first letter, `{s}` the subject as typed.

use reelforge_protocol::{Beat, ScriptLanguage};

/// The kinds of content the tables know; anything else gets [`Pillar::General`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pillar {
    Tips,
    Education,
    Demo,
    Story,
    General,
}

impl Pillar {
    /// The pillar a free-form name means (English or French).
    pub fn of(name: &str) -> Self {
        match name.trim().to_lowercase().as_str() {
            "tips" | "tip" | "astuce" | "astuces" | "conseils" | "hacks" => Self::Tips,
            "education" | "éducation" | "tutorial" | "tutoriel" | "explainer" | "learn" => {
                Self::Education
            }
            "demo" | "démo" | "démonstration" | "product" | "produit" => Self::Demo,
            "story" | "histoire" | "storytelling" | "récit" => Self::Story,
            _ => Self::General,
        }
    }
}

/// The narration of `beat` for `pillar` in `language`, with `{S}`/`{s}` placeholders.
pub fn narration(language: ScriptLanguage, pillar: Pillar, beat: Beat) -> &'static str {
    let row = match language {
        ScriptLanguage::En => en(beat),
        ScriptLanguage::Fr => fr(beat),
    };
    match pillar {
        Pillar::Tips => row[0],
        Pillar::Education => row[1],
        Pillar::Demo => row[2],
        Pillar::Story => row[3],
        Pillar::General => row[4],
    }
}

/// English lines per beat: tips, education, demo, story, general.
fn en(beat: Beat) -> [&'static str; 5] {
    match beat {
        Beat::Hook => [
            "{S}: most people miss these. Stay until the end.",
            "{S}, explained in under a minute.",
            "{S}, in action: no fluff, just the result.",
            "{S}: it all started with one bad day.",
            "{S}: here is what nobody tells you.",
        ],
        Beat::Problem => [
            "We all lose time doing things the long way, over and over.",
            "Most explanations make it sound harder than it is.",
            "Doing it by hand is slow, and easy to get wrong.",
            "Nothing was working, and time was running out.",
            "The usual way is slow, confusing, and easy to get wrong.",
        ],
        Beat::Revelation => [
            "The trick is that tiny changes add up fast.",
            "The key idea is simpler than it looks.",
            "It turns out one small setup changes everything.",
            "Then came the moment that changed everything.",
            "The turning point: a few simple changes make all the difference.",
        ],
        Beat::Solution => [
            "Here they are: {s}. Try them today.",
            "Step by step: {s}, broken down into simple ideas.",
            "Here is how it works: set it up, run it, done.",
            "So we tried a different approach, one step at a time.",
            "Here is how to get there with {s}, step by step.",
        ],
        Beat::Proof => [
            "Do this for a week and you will feel the difference.",
            "Once you see it, it sticks for good.",
            "Same task, a fraction of the time. See for yourself.",
            "And it worked: the results spoke for themselves.",
            "The results speak for themselves: less effort, better outcome.",
        ],
        _ => [
            "Save this for later, and follow for more tips.",
            "Follow for more ideas explained in under a minute.",
            "Try it yourself, and tell me in the comments how it went.",
            "Follow to find out what happened next.",
            "Follow for more, and share this with someone who needs it.",
        ],
    }
}

/// French lines per beat: tips, education, demo, story, general.
fn fr(beat: Beat) -> [&'static str; 5] {
    match beat {
        Beat::Hook => [
            "{S} : la plupart des gens passent à côté. Restez jusqu'au bout.",
            "{S}, expliqué en moins d'une minute.",
            "{S}, en action : pas de blabla, juste le résultat.",
            "{S} : tout a commencé par une mauvaise journée.",
            "{S} : voici ce que personne ne vous dit.",
        ],
        Beat::Problem => [
            "On perd tous du temps à faire les choses de la manière la plus longue.",
            "La plupart des explications rendent ça plus compliqué que ça ne l'est.",
            "Le faire à la main, c'est lent, et on se trompe facilement.",
            "Rien ne marchait, et le temps pressait.",
            "La méthode habituelle est lente, confuse, et on se trompe facilement.",
        ],
        Beat::Revelation => [
            "Le déclic : de petits changements font vite une grande différence.",
            "L'idée clé est plus simple qu'elle n'en a l'air.",
            "En fait, un petit réglage change tout.",
            "Puis est venu le moment qui a tout changé.",
            "Le déclic : quelques changements simples font toute la différence.",
        ],
        Beat::Solution => [
            "Les voici : {s}. Testez-les dès aujourd'hui.",
            "Étape par étape : {s}, en quelques idées simples.",
            "Voici comment faire : on configure, on lance, c'est prêt.",
            "Alors on a essayé autrement, une étape à la fois.",
            "Voici comment y arriver avec {s}, étape par étape.",
        ],
        Beat::Proof => [
            "Faites-le pendant une semaine et vous sentirez la différence.",
            "Une fois compris, on ne l'oublie plus.",
            "La même tâche, en une fraction du temps. Jugez vous-même.",
            "Et ça a marché : les résultats parlent d'eux-mêmes.",
            "Les résultats parlent d'eux-mêmes : moins d'efforts, un meilleur résultat.",
        ],
        _ => [
            "Enregistrez cette vidéo et abonnez-vous pour d'autres astuces.",
            "Abonnez-vous pour d'autres explications en moins d'une minute.",
            "Essayez vous-même, et dites-moi en commentaire comment ça s'est passé.",
            "Abonnez-vous pour découvrir la suite.",
            "Abonnez-vous pour la suite, et partagez avec quelqu'un qui en a besoin.",
        ],
    }
}

/// The shot of `beat`, in English, with a `{s}` placeholder.
pub fn visual(beat: Beat) -> &'static str {
    match beat {
        Beat::Hook => "Bold opening shot about {s}, dynamic close-up, fast push-in, high contrast",
        Beat::Problem => {
            "A frustrated person stuck on a slow, messy task related to {s}, muted colors, \
             handheld camera"
        }
        Beat::Revelation => {
            "A moment of realization about {s}, light breaking through, camera slowly pulling back"
        }
        Beat::Solution => {
            "Clear step-by-step demonstration of {s}, clean composition, smooth tracking shot"
        }
        Beat::Proof => "Satisfying before-and-after result of {s}, bright warm light, steady shot",
        _ => "Friendly closing shot on the theme of {s}, centered composition, gentle zoom out",
    }
}

/// The default look when the person gave none.
pub fn default_visual_style(pillar: Pillar) -> &'static str {
    match pillar {
        Pillar::Story => "Cinematic, warm film look, shallow depth of field",
        Pillar::Demo => "Clean modern product look, soft studio light",
        _ => "Clean modern look, soft natural light, vivid colors",
    }
}
