//! What the phone receives: SMS and TTS texts in the request's language (Part A5).

use std::fmt::{self, Write};

/// An `lg` code the API accepts (Part B7). Only the codes listed there are valid.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct Lang(u8);

/// Every `lg` value the real API accepts, case-sensitive.
pub const LANG_CODES: [&str; 39] = [
    "ar-xa", "cs-cz", "cy-cy", "cy-gb", "da-dk", "de-de", "el-gr", "en-au", "en-gb", "en-in",
    "en-us", "es-es", "es-mx", "es-us", "fi-fi", "fil-ph", "fr-ca", "fr-fr", "hi-in", "hu-hu",
    "id-id", "is-is", "it-it", "ja-jp", "ko-kr", "nb-no", "nl-nl", "pl-pl", "pt-br", "pt-pt",
    "ro-ro", "ru-ru", "sv-se", "th-th", "tr-tr", "vi-vn", "yue-cn", "zh-cn", "zh-tw",
];

/// The languages the simulator writes its own texts in; every other code reads English.
pub const TRANSLATED: [&str; 5] = ["en-us", "en-gb", "es-es", "fr-fr", "de-de"];

impl Lang {
    /// English (US), used when `lg` is not given.
    pub const DEFAULT: Lang = Lang(10);

    /// The language for an `lg` code, if the API accepts it.
    pub fn parse(code: &str) -> Option<Lang> {
        LANG_CODES
            .iter()
            .position(|c| *c == code)
            .map(|i| Lang(i as u8))
    }

    /// The `lg` code, e.g. `en-us`; also a BCP 47 tag speech synthesis understands.
    pub fn code(self) -> &'static str {
        LANG_CODES[usize::from(self.0)]
    }

    fn texts(self) -> &'static Texts {
        match self.code() {
            "es-es" => &SPANISH,
            "fr-fr" => &FRENCH,
            "de-de" => &GERMAN,
            _ => &ENGLISH,
        }
    }
}

impl Default for Lang {
    fn default() -> Self {
        Lang::DEFAULT
    }
}

/// One language's wording. Every text has the same shape: brand, PIN, lifetime.
struct Texts {
    /// SMS: before the brand, between brand and PIN, before the minutes, after them.
    sms: [&'static str; 4],
    /// TTS: before the brand, before the digits, before the repeat, at the end.
    tts: [&'static str; 4],
    decimal_comma: bool,
}

const ENGLISH: Texts = Texts {
    sms: ["", " code: ", ". Valid for ", " minutes."],
    tts: ["Your ", " code is ", ". I repeat: ", "."],
    decimal_comma: false,
};
const SPANISH: Texts = Texts {
    sms: ["Código de ", ": ", ". Válido durante ", " minutos."],
    tts: ["Su código de ", " es ", ". Repito: ", "."],
    decimal_comma: true,
};
const FRENCH: Texts = Texts {
    sms: ["Code ", " : ", ". Valable ", " minutes."],
    tts: ["Votre code ", " est ", ". Je répète : ", "."],
    decimal_comma: true,
};
const GERMAN: Texts = Texts {
    sms: ["", " Code: ", ". Gültig für ", " Minuten."],
    tts: ["Ihr ", " Code lautet ", ". Ich wiederhole: ", "."],
    decimal_comma: true,
};

/// A PIN: `len` decimal digits, leading zeros included.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct Pin {
    value: u32,
    len: u8,
}

impl Pin {
    /// A PIN of `len` digits (4 or 6) with this numeric value.
    pub fn new(value: u32, len: u8) -> Pin {
        debug_assert!(value < 10u32.pow(u32::from(len)));
        Pin { value, len }
    }

    /// How many digits the PIN has.
    pub fn digits(self) -> usize {
        usize::from(self.len)
    }

    /// Whether a submitted code is exactly this PIN (same digits, same length).
    pub fn matches(self, code: &str) -> bool {
        code.len() == self.digits()
            && code.bytes().all(|b| b.is_ascii_digit())
            && code.parse::<u32>() == Ok(self.value)
    }

    /// A code of the same length that is certainly wrong: the `$wrong` of scenarios.
    pub fn wrong(self) -> Pin {
        let modulus = 10u32.pow(u32::from(self.len));
        Pin::new((self.value + 1) % modulus, self.len)
    }
}

impl fmt::Display for Pin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:0width$}", self.value, width = self.digits())
    }
}

/// The words of one delivery: who it is from, the PIN, and how long the PIN lives.
#[derive(Clone, Copy, Debug)]
pub struct Message<'a> {
    /// The `brand` of the request.
    pub brand: &'a str,
    /// The PIN delivered.
    pub pin: Pin,
    /// The PIN's lifetime in seconds (after any silent fix).
    pub pin_expiry: u32,
    /// The language of the text.
    pub lang: Lang,
}

impl Message<'_> {
    /// The SMS text, e.g. `Acme code: 1234. Valid for 5 minutes.`
    pub fn sms(&self) -> String {
        let t = self.lang.texts();
        let mut minutes = minutes(self.pin_expiry);
        if t.decimal_comma {
            minutes = minutes.replace('.', ",");
        }
        format!(
            "{}{}{}{}{}{}{}",
            t.sms[0], self.brand, t.sms[1], self.pin, t.sms[2], minutes, t.sms[3]
        )
    }

    /// The words a TTS call speaks: the PIN digit by digit, twice.
    pub fn tts(&self) -> String {
        let t = self.lang.texts();
        let digits = spoken_digits(self.pin);
        let mut text = String::new();
        // Writing into a String cannot fail.
        let _ = write!(
            text,
            "{}{}{}{digits}{}{digits}{}",
            t.tts[0], self.brand, t.tts[1], t.tts[2], t.tts[3]
        );
        text
    }
}

/// A PIN's digits as a call speaks them: `1, 2, 3, 4`.
pub(crate) fn spoken_digits(pin: Pin) -> String {
    let mut digits = String::with_capacity(pin.digits() * 3);
    for (i, d) in pin.to_string().chars().enumerate() {
        if i > 0 {
            digits.push_str(", ");
        }
        digits.push(d);
    }
    digits
}

/// Seconds as minutes rounded half up to one decimal, without a trailing `.0`.
pub(crate) fn minutes(seconds: u32) -> String {
    let tenths = (seconds + 3) / 6;
    match tenths % 10 {
        0 => format!("{}", tenths / 10),
        t => format!("{}.{t}", tenths / 10),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(lg: &str, pin_expiry: u32) -> Message<'static> {
        Message {
            brand: "Acme",
            pin: Pin::new(482, 4),
            pin_expiry,
            lang: Lang::parse(lg).unwrap(),
        }
    }

    #[test]
    fn english_texts_match_the_rules() {
        assert_eq!(
            message("en-us", 300).sms(),
            "Acme code: 0482. Valid for 5 minutes."
        );
        assert_eq!(
            message("en-gb", 300).tts(),
            "Your Acme code is 0, 4, 8, 2. I repeat: 0, 4, 8, 2."
        );
        assert_eq!(
            message("ja-jp", 90).sms(),
            "Acme code: 0482. Valid for 1.5 minutes."
        );
    }

    #[test]
    fn minutes_round_half_up_to_one_decimal() {
        assert_eq!(minutes(300), "5");
        assert_eq!(minutes(90), "1.5");
        assert_eq!(minutes(63), "1.1");
        assert_eq!(minutes(62), "1");
        assert_eq!(minutes(3600), "60");
        assert_eq!(minutes(87), "1.5");
        assert_eq!(minutes(86), "1.4");
    }

    #[test]
    fn translations_keep_the_shape() {
        assert_eq!(
            message("de-de", 90).sms(),
            "Acme Code: 0482. Gültig für 1,5 Minuten."
        );
        assert_eq!(
            message("fr-fr", 300).tts(),
            "Votre code Acme est 0, 4, 8, 2. Je répète : 0, 4, 8, 2."
        );
        assert_eq!(
            message("es-es", 300).sms(),
            "Código de Acme: 0482. Válido durante 5 minutos."
        );
    }

    #[test]
    fn languages_are_case_sensitive_codes() {
        assert_eq!(Lang::parse("en-us"), Some(Lang::DEFAULT));
        assert_eq!(Lang::DEFAULT.code(), "en-us");
        assert_eq!(Lang::parse("EN-US"), None);
        assert_eq!(Lang::parse("en_us"), None);
        for code in LANG_CODES {
            assert_eq!(Lang::parse(code).map(Lang::code), Some(code));
        }
    }

    #[test]
    fn pins_match_only_their_exact_digits() {
        let pin = Pin::new(482, 4);
        assert!(pin.matches("0482"));
        assert!(!pin.matches("482"));
        assert!(!pin.matches("00482"));
        assert!(!pin.matches("+482"));
        assert_eq!(pin.wrong().to_string(), "0483");
        assert_eq!(Pin::new(9999, 4).wrong().to_string(), "0000");
    }
}
