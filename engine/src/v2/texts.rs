//! What a v2 step sends: the code's SMS/WhatsApp/RCS sentence, the email subject, the
//! spoken call and the WhatsApp question, per locale (Part C3, C7).
//!
//! No v2 default text is published: every wording here is the simulator's (choice).
//! `es-es`, `fr-fr` and `de-de` have project-written texts of the same shape; every other
//! locale reads English.

use std::fmt::Write;

use super::code::Code;

/// The language a v2 request's texts are written in, from its `locale`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default)]
pub enum TextLang {
    /// English: `en-us` (the default) and every locale not translated.
    #[default]
    English,
    /// `es-es`.
    Spanish,
    /// `fr-fr`.
    French,
    /// `de-de`.
    German,
}

impl TextLang {
    /// The texts' language for a (valid) locale: only the exact codes `es-es`, `fr-fr`
    /// and `de-de` are translated (choice).
    pub fn for_locale(locale: &str) -> TextLang {
        match locale {
            "es-es" => TextLang::Spanish,
            "fr-fr" => TextLang::French,
            "de-de" => TextLang::German,
            _ => TextLang::English,
        }
    }

    fn words(self) -> &'static Words {
        match self {
            TextLang::English => &ENGLISH,
            TextLang::Spanish => &SPANISH,
            TextLang::French => &FRENCH,
            TextLang::German => &GERMAN,
        }
    }
}

/// One language's wording. Each text is pieces put around the brand, the code and the
/// lifetime, so every language keeps the same shape.
struct Words {
    /// Before the brand, between brand and code (the sentence, the call).
    code_is: [&'static str; 2],
    /// Between the code and the lifetime, and the end of the sentence.
    valid_for: [&'static str; 2],
    /// The email subject: before and after the brand.
    subject: [&'static str; 2],
    /// The call: before the repeat, at the end.
    repeat: [&'static str; 2],
    /// The WhatsApp question: after the brand.
    question: &'static str,
    /// `minute`, `minutes`, `seconds`.
    units: [&'static str; 3],
    /// The two answers the WhatsApp question offers.
    answers: [&'static str; 2],
}

const ENGLISH: Words = Words {
    code_is: ["Your ", " verification code is "],
    valid_for: [". Valid for ", "."],
    subject: ["Your ", " verification code"],
    repeat: [". I repeat: ", "."],
    question: ": is this you trying to sign in?",
    units: ["minute", "minutes", "seconds"],
    answers: ["Yes", "No"],
};
const SPANISH: Words = Words {
    code_is: ["Tu código de verificación de ", " es "],
    valid_for: [". Válido durante ", "."],
    subject: ["Tu código de verificación de ", ""],
    repeat: [". Repito: ", "."],
    question: ": ¿eres tú quien intenta iniciar sesión?",
    units: ["minuto", "minutos", "segundos"],
    answers: ["Sí", "No"],
};
const FRENCH: Words = Words {
    code_is: ["Votre code de vérification ", " est "],
    valid_for: [". Valable ", "."],
    subject: ["Votre code de vérification ", ""],
    repeat: [". Je répète : ", "."],
    question: " : est-ce bien vous qui essayez de vous connecter ?",
    units: ["minute", "minutes", "secondes"],
    answers: ["Oui", "Non"],
};
const GERMAN: Words = Words {
    code_is: ["Ihr ", " Bestätigungscode lautet "],
    valid_for: [". Gültig für ", "."],
    subject: ["Ihr ", " Bestätigungscode"],
    repeat: [". Ich wiederhole: ", "."],
    question: ": Versuchen Sie gerade, sich anzumelden?",
    units: ["Minute", "Minuten", "Sekunden"],
    answers: ["Ja", "Nein"],
};

/// `L U` of the texts: `seconds` in minutes when a multiple of 60 (`1 minute`,
/// `2 minutes`), else in seconds (`90 seconds`).
pub fn lifetime(lang: TextLang, seconds: u32) -> String {
    let units = lang.words().units;
    match seconds {
        60 => format!("1 {}", units[0]),
        s if s % 60 == 0 => format!("{} {}", s / 60, units[1]),
        s => format!("{s} {}", units[2]),
    }
}

/// The sentence sms, whatsapp and rcs steps send, and the email's body:
/// `Your <brand> verification code is <code>. Valid for <L> <U>.`
pub fn code_sentence(lang: TextLang, brand: &str, code: &Code, seconds: u32) -> String {
    let w = lang.words();
    format!(
        "{}{brand}{}{code}{}{}{}",
        w.code_is[0],
        w.code_is[1],
        w.valid_for[0],
        lifetime(lang, seconds),
        w.valid_for[1]
    )
}

/// The email's subject: `Your <brand> verification code`.
pub fn email_subject(lang: TextLang, brand: &str) -> String {
    let w = lang.words();
    format!("{}{brand}{}", w.subject[0], w.subject[1])
}

/// What a voice call speaks: the code character by character, twice:
/// `Your <brand> verification code is 1, 2, 3, 4. I repeat: 1, 2, 3, 4.`
pub fn voice(lang: TextLang, brand: &str, code: &Code) -> String {
    let w = lang.words();
    let spoken = code.spoken();
    let mut text = String::new();
    // Writing into a String cannot fail.
    let _ = write!(
        text,
        "{}{brand}{}{spoken}{}{spoken}{}",
        w.code_is[0], w.code_is[1], w.repeat[0], w.repeat[1]
    );
    text
}

/// The whatsapp_interactive question: `<brand>: is this you trying to sign in?`
pub fn question(lang: TextLang, brand: &str) -> String {
    format!("{brand}{}", lang.words().question)
}

/// The two answers the question offers, Yes first.
pub fn answers(lang: TextLang) -> [&'static str; 2] {
    lang.words().answers
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(text: &str) -> Code {
        Code::custom(text).expect("a valid code")
    }

    #[test]
    fn lifetimes_are_minutes_when_whole_else_seconds() {
        assert_eq!(lifetime(TextLang::English, 60), "1 minute");
        assert_eq!(lifetime(TextLang::English, 120), "2 minutes");
        assert_eq!(lifetime(TextLang::English, 90), "90 seconds");
        assert_eq!(lifetime(TextLang::English, 15), "15 seconds");
        assert_eq!(lifetime(TextLang::German, 180), "3 Minuten");
    }

    #[test]
    fn english_texts_match_part_c() {
        let c = code("1234");
        assert_eq!(
            code_sentence(TextLang::English, "Acme", &c, 180),
            "Your Acme verification code is 1234. Valid for 3 minutes."
        );
        assert_eq!(
            email_subject(TextLang::English, "Acme"),
            "Your Acme verification code"
        );
        assert_eq!(
            voice(TextLang::English, "Acme", &code("ab12")),
            "Your Acme verification code is a, b, 1, 2. I repeat: a, b, 1, 2."
        );
        assert_eq!(
            question(TextLang::English, "Acme"),
            "Acme: is this you trying to sign in?"
        );
    }

    #[test]
    fn only_three_locales_are_translated() {
        assert_eq!(TextLang::for_locale("es-es"), TextLang::Spanish);
        assert_eq!(TextLang::for_locale("es-mx"), TextLang::English);
        assert_eq!(TextLang::for_locale("en-gb"), TextLang::English);
        assert_eq!(
            code_sentence(TextLang::French, "Acme", &code("0042"), 60),
            "Votre code de vérification Acme est 0042. Valable 1 minute."
        );
    }
}
