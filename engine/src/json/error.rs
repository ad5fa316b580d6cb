//! What [`super::read`] says when a text is not one JSON value: serde_json's words, and
//! where (line and column, as serde_json counts them).

/// Why a text is not one JSON value, and where.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{problem} at line {line} column {column}")]
pub struct ReadError {
    problem: Problem,
    line: usize,
    column: usize,
}

/// What is wrong with a text given as JSON.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    /// Not JSON: what the reader expected or found, in serde_json's words (`expected
    /// `,` or `}``, `EOF while parsing a string`...).
    #[error("{0}")]
    Syntax(&'static str),
    /// An object names this key twice (a plain reader keeps the last one silently).
    #[error("key \"{0}\" is given twice")]
    KeyTwice(String),
}

impl ReadError {
    /// `problem` at `line` and `column` (both from 1; column 0 at the end of an empty
    /// line, as serde_json says).
    pub(super) fn new(problem: Problem, line: usize, column: usize) -> ReadError {
        ReadError {
            problem,
            line,
            column,
        }
    }

    /// What is wrong.
    pub fn problem(&self) -> &Problem {
        &self.problem
    }

    /// The line it is on, from 1.
    pub fn line(&self) -> usize {
        self.line
    }

    /// Its column on that line, from 1, in bytes (as serde_json counts).
    pub fn column(&self) -> usize {
        self.column
    }
}
