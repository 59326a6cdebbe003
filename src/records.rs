//! The `--input jsonl` record format: one JSON object per line in, one JSON
//! object per line out.
//!
//! In: the lines of a stream of [`Input`]s ([`Lines`]), each a JSON object
//! such as `{"id": "a1", "date": "2025-10-16", "text": "...", "feed": "x"}`.
//! Out: per line, a [`Record`] (the article text, its path and date, and an
//! [`Envelope`] holding the `id` and every other field, as written and in
//! order) or a [`Rejected`] line with its [`RecordError`]; then the output
//! line: the envelope around the document object ([`Envelope::wrap`]:
//! `{"id": "a1", "path": null, "date": "2025-10-16", "claims": [...], "feed":
//! "x"}`; [`Envelope::write_wrapped`] serialises the object straight into the
//! line) or the error line ([`error_line`]: `{"id": "a1", "error": "...",
//! "line": 3}`).
//!
//! Known fields: `text` (required, a string: the article), `id` (any JSON
//! value, copied to the output; `null` when absent), `date` (`YYYY-MM-DD` or
//! null: the publication date when the text has no `date` prefix), `path` (a
//! string or null: the document's path in the output). `claims`, `sentences`
//! and `error` are output fields and may not be input fields. Every other
//! field is carried into the output unchanged. A field given twice is an
//! error. Blank lines are skipped; a UTF-8 byte order mark before the first
//! line is ignored.

use std::collections::HashSet;
use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader};
use std::sync::Arc;

use jiff::civil::Date;
use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde::Serialize;
use serde_json::value::RawValue;

use crate::inputs::{Input, InputError, STDIN_LABEL};

/// Fields of the input that name output fields.
pub const RESERVED: [&str; 3] = ["claims", "sentences", "error"];

/// Why a line is not a record.
#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    /// The line is not a JSON object.
    #[error("invalid JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// There is no `text` field.
    #[error("no `text` field")]
    MissingText,
    /// `text` is not a string.
    #[error("`text` is not a string")]
    TextNotString,
    /// `date` is neither null nor a valid `YYYY-MM-DD` date.
    #[error("`date` is not a date of the form YYYY-MM-DD: {0}")]
    Date(String),
    /// `path` is neither null nor a string.
    #[error("`path` is not a string")]
    PathNotString,
    /// A field is given more than once.
    #[error("field `{0}` is given more than once")]
    Duplicate(String),
    /// A field has the name of an output field.
    #[error("field `{0}` is an output field and cannot be an input field")]
    Reserved(String),
}

/// A line that is not a record: its `id` when it could be read, and why.
#[derive(Debug)]
pub struct Rejected {
    /// The `id` field as written, when the line is a JSON object with one.
    pub id: Option<Box<RawValue>>,
    /// What is wrong.
    pub error: RecordError,
}

/// Everything of a record but its text: what the output line carries.
#[derive(Clone, Debug, Default)]
pub struct Envelope {
    /// The `id` as written; `None` when absent (output as `null`).
    pub id: Option<Box<RawValue>>,
    /// The other fields, as written, in input order.
    pub extra: Vec<(String, Box<RawValue>)>,
}

/// One input record.
#[derive(Clone, Debug)]
pub struct Record {
    /// The article.
    pub text: String,
    /// The `path` field.
    pub path: Option<String>,
    /// The `date` field.
    pub date: Option<Date>,
    /// The id and the fields carried through.
    pub envelope: Envelope,
}

/// The fields of a JSON object, as written, in order.
struct Fields<'a>(Vec<(String, &'a RawValue)>);

impl<'de> Deserialize<'de> for Fields<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Fields<'de>, D::Error> {
        struct Object;
        impl<'de> Visitor<'de> for Object {
            type Value = Fields<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Fields<'de>, A::Error> {
                let mut fields = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    let value: &'de RawValue = map.next_value()?;
                    fields.push((key, value));
                }
                Ok(Fields(fields))
            }
        }
        d.deserialize_map(Object)
    }
}

/// Parses one line (without its line break) into a record.
pub fn parse(line: &[u8]) -> Result<Record, Rejected> {
    let fields: Fields = serde_json::from_slice(line).map_err(|e| Rejected {
        id: None,
        error: RecordError::Json(e),
    })?;
    let id = fields
        .0
        .iter()
        .find(|(k, _)| k == "id")
        .map(|(_, v)| (*v).to_owned());
    let reject = |error| Rejected {
        id: id.clone(),
        error,
    };
    let mut seen: HashSet<&str> = HashSet::with_capacity(fields.0.len());
    let (mut text, mut path, mut date) = (None, None, None);
    let mut extra = Vec::new();
    for (key, value) in &fields.0 {
        if !seen.insert(key) {
            return Err(reject(RecordError::Duplicate(key.clone())));
        }
        let raw = value.get();
        match key.as_str() {
            "id" => {}
            "text" => {
                if !raw.starts_with('"') {
                    return Err(reject(RecordError::TextNotString));
                }
                let s: String = serde_json::from_str(raw).map_err(|e| reject(e.into()))?;
                text = Some(s);
            }
            "date" => {
                if raw != "null" {
                    let s: Option<String> = serde_json::from_str(raw).ok();
                    let d = s.as_deref().and_then(crate::document::parse_ymd);
                    date = Some(d.ok_or_else(|| reject(RecordError::Date(raw.to_string())))?);
                }
            }
            "path" => {
                if raw != "null" {
                    if !raw.starts_with('"') {
                        return Err(reject(RecordError::PathNotString));
                    }
                    let s: String = serde_json::from_str(raw).map_err(|e| reject(e.into()))?;
                    path = Some(s);
                }
            }
            k if RESERVED.contains(&k) => return Err(reject(RecordError::Reserved(key.clone()))),
            _ => extra.push((key.clone(), (*value).to_owned())),
        }
    }
    let text = text.ok_or_else(|| reject(RecordError::MissingText))?;
    Ok(Record {
        text,
        path,
        date,
        envelope: Envelope { id, extra },
    })
}

/// A string as a JSON string literal.
fn json_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_string())
}

impl Envelope {
    /// The output line (without a line break): `{"id": ID, ...the fields of
    /// `object`..., ...the carried fields...}`. `object` is a serialised JSON
    /// object, such as the document object of SPEC.md.
    pub fn wrap(&self, object: &str) -> String {
        let inner = object
            .trim()
            .strip_prefix('{')
            .and_then(|o| o.strip_suffix('}'))
            .unwrap_or("")
            .trim();
        let extra: usize = self
            .extra
            .iter()
            .map(|(k, v)| k.len() + v.get().len() + 4)
            .sum();
        let mut out = Vec::with_capacity(inner.len() + extra + 32);
        self.head(&mut out);
        if !inner.is_empty() {
            out.push(b',');
            out.extend_from_slice(inner.as_bytes());
        }
        self.tail(&mut out);
        String::from_utf8(out)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
    }

    /// Appends to `out` the output line (without a line break) of
    /// [`Envelope::wrap`] around the JSON object `object` serialises to,
    /// serialising it in place rather than into a string of its own. A
    /// value that is not an object adds no fields, as in `wrap`.
    pub fn write_wrapped<T: Serialize + ?Sized>(
        &self,
        object: &T,
        out: &mut Vec<u8>,
    ) -> serde_json::Result<()> {
        self.head(out);
        let at = out.len();
        serde_json::to_writer(&mut *out, object)?;
        // The compact object follows the id: its opening brace becomes the
        // comma, its closing brace goes.
        match out.get_mut(at..) {
            Some([open @ b'{', _, .., b'}']) => {
                *open = b',';
                out.pop();
            }
            _ => out.truncate(at),
        }
        self.tail(out);
        Ok(())
    }

    /// The start of the output line: `{"id":ID`.
    fn head(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(b"{\"id\":");
        let id = self.id.as_deref().map_or("null", RawValue::get);
        out.extend_from_slice(id.as_bytes());
    }

    /// The end of the output line: the carried fields, then `}`.
    fn tail(&self, out: &mut Vec<u8>) {
        for (key, value) in &self.extra {
            out.push(b',');
            out.extend_from_slice(json_string(key).as_bytes());
            out.push(b':');
            out.extend_from_slice(value.get().as_bytes());
        }
        out.push(b'}');
    }
}

/// The output line of a rejected record (without a line break):
/// `{"id": ID, "error": "...", "line": N}`, `id` being `null` when unknown.
pub fn error_line(id: Option<&RawValue>, line: usize, error: &dyn fmt::Display) -> String {
    format!(
        "{{\"id\":{},\"error\":{},\"line\":{line}}}",
        id.map_or("null", RawValue::get),
        json_string(&error.to_string())
    )
}

/// One line of input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    /// The input it comes from: its path, or `<stdin>`.
    pub source: Arc<str>,
    /// 1-based line number in that input.
    pub number: usize,
    /// The line, without its line break.
    pub bytes: Vec<u8>,
}

/// The input being read.
struct Open {
    source: Arc<str>,
    reader: Box<dyn BufRead + Send>,
    number: usize,
}

/// The non-blank lines of a stream of inputs, read one at a time, or the
/// errors opening or reading them (after which the next input is read).
pub struct Lines<I> {
    inputs: I,
    open: Option<Open>,
    /// Length of the last line: the first guess for the next.
    last_len: usize,
}

impl<I: Iterator<Item = Input>> Lines<I> {
    /// The lines of `inputs`, in order.
    pub fn new(inputs: I) -> Lines<I> {
        Lines {
            inputs,
            open: None,
            last_len: 0,
        }
    }
}

/// Buffer size for reading records.
const READ_BUFFER: usize = 1 << 16;

impl<I: Iterator<Item = Input>> Iterator for Lines<I> {
    type Item = Result<Line, InputError>;

    fn next(&mut self) -> Option<Result<Line, InputError>> {
        loop {
            let Some(open) = self.open.as_mut() else {
                let (source, reader): (Arc<str>, Box<dyn BufRead + Send>) =
                    match self.inputs.next()? {
                        Input::Stdin => (
                            STDIN_LABEL.into(),
                            Box::new(BufReader::with_capacity(READ_BUFFER, io::stdin())),
                        ),
                        Input::File { path, label } => match File::open(&path) {
                            Ok(f) => (
                                label.into(),
                                Box::new(BufReader::with_capacity(READ_BUFFER, f)),
                            ),
                            Err(source) => {
                                return Some(Err(InputError::Io {
                                    path: label,
                                    source,
                                }))
                            }
                        },
                        Input::Error(e) => return Some(Err(e)),
                    };
                self.open = Some(Open {
                    source,
                    reader,
                    number: 0,
                });
                continue;
            };
            let mut bytes = Vec::with_capacity(self.last_len.saturating_add(64));
            match open.reader.read_until(b'\n', &mut bytes) {
                Ok(0) => {
                    self.open = None;
                }
                Ok(_) => {
                    open.number += 1;
                    if bytes.last() == Some(&b'\n') {
                        bytes.pop();
                    }
                    if open.number == 1 && bytes.starts_with(b"\xEF\xBB\xBF") {
                        bytes.drain(..3);
                    }
                    if bytes.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    self.last_len = bytes.len();
                    return Some(Ok(Line {
                        source: open.source.clone(),
                        number: open.number,
                        bytes,
                    }));
                }
                Err(source) => {
                    let path = open.source.to_string();
                    self.open = None;
                    return Some(Err(InputError::Io { path, source }));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_carried_as_written_and_in_order() {
        let line = br#"{"zeta": [1, 2.50], "id": 7, "text": "Arsenal want Rice.", "date": "2025-01-02", "alpha": {"b": null}}"#;
        let rec = parse(line).expect("a record");
        assert_eq!(rec.text, "Arsenal want Rice.");
        assert_eq!(
            rec.date.map(|d| d.to_string()).as_deref(),
            Some("2025-01-02")
        );
        let out = rec.envelope.wrap(r#"{"path":null,"claims":[]}"#);
        assert_eq!(
            out,
            r#"{"id":7,"path":null,"claims":[],"zeta":[1, 2.50],"alpha":{"b": null}}"#
        );
    }

    #[test]
    fn written_lines_are_the_wrapped_lines() {
        let with_id = parse(br#"{"b": [1, 2.50], "id": "r1", "text": "x", "q\"k": null}"#)
            .expect("a record")
            .envelope;
        let without_id = parse(br#"{"text": "x"}"#).expect("a record").envelope;
        let objects = [
            serde_json::json!({"path": null, "claims": [{"a": "}"}]}),
            serde_json::json!({"x": {}}),
            serde_json::json!({}),
            serde_json::json!([1, {"a": 2}]),
            serde_json::json!("{x}"),
            serde_json::json!(3),
        ];
        for envelope in [&with_id, &without_id] {
            for object in &objects {
                let text = serde_json::to_string(object).expect("serialises");
                let mut out = b"before\n".to_vec();
                envelope
                    .write_wrapped(object, &mut out)
                    .expect("serialises");
                let want = format!("before\n{}", envelope.wrap(&text));
                assert_eq!(String::from_utf8_lossy(&out), want, "{object}");
            }
        }
        let mut out = Vec::new();
        with_id
            .write_wrapped(&serde_json::json!({"claims": []}), &mut out)
            .expect("serialises");
        assert_eq!(out, br#"{"id":"r1","claims":[],"b":[1, 2.50],"q\"k":null}"#);
    }

    #[test]
    fn rejected_lines_keep_their_id() {
        let no_text = parse(br#"{"id": "a1", "body": "x"}"#).expect_err("no text");
        assert!(matches!(no_text.error, RecordError::MissingText));
        assert_eq!(no_text.id.as_deref().map(RawValue::get), Some("\"a1\""));
        let line = error_line(no_text.id.as_deref(), 3, &no_text.error);
        assert_eq!(line, r#"{"id":"a1","error":"no `text` field","line":3}"#);
        let bad = parse(b"{\"id\": 1, \"text\": ").expect_err("invalid JSON");
        assert!(bad.id.is_none());
        assert!(matches!(bad.error, RecordError::Json(_)));
        for (line, want) in [
            (&br#"{"id":1,"text":3}"#[..], "`text` is not a string"),
            (br#"{"id":1,"text":"x","date":"2025-02-30"}"#, "`date`"),
            (br#"{"id":1,"text":"x","text":"y"}"#, "more than once"),
            (br#"{"id":1,"text":"x","claims":[]}"#, "output field"),
            (br#"[1,2]"#, "invalid JSON"),
        ] {
            let e = parse(line).expect_err("rejected");
            assert!(e.error.to_string().contains(want), "{e:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn any_line_is_a_record_or_rejected(line in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..200)) {
            match parse(&line) {
                Ok(r) => { let _ = r.envelope.wrap("{}"); }
                Err(e) => { let _ = error_line(e.id.as_deref(), 1, &e.error); }
            }
        }

        #[test]
        fn json_like_lines_never_panic(line in r#"\{("(id|text|date|path|x)":( ?"[a-z0-9 -]{0,12}"|[0-9]{1,3}|null|\[\]|\{\}),?){0,5}\}?"#) {
            let _ = parse(line.as_bytes());
        }
    }

    #[test]
    fn lines_skip_blanks_and_number_from_one() {
        let dir = std::env::temp_dir().join(format!("claimex-lines-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let file = dir.join("a.jsonl");
        std::fs::write(&file, "\u{feff}{\"text\":\"a\"}\n\n  \n{\"text\":\"b\"}").expect("write");
        let inputs = vec![Input::File {
            path: file.clone(),
            label: "a.jsonl".into(),
        }];
        let lines: Vec<Line> = Lines::new(inputs.into_iter())
            .collect::<Result<_, _>>()
            .expect("readable");
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].number, 1);
        assert_eq!(lines[0].bytes, b"{\"text\":\"a\"}");
        assert_eq!(lines[1].number, 4);
        std::fs::remove_dir_all(&dir).ok();
    }
}
