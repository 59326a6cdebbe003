//! The inputs of a run: command-line operands to a lazy, ordered stream of
//! inputs, and one input to its text.
//!
//! In: operands (`-` for standard input, files, directories), whether to walk
//! directories, and the file-name patterns ([`Glob`]) of the files to take
//! from them. Out: [`Inputs`], an iterator of [`Input`]s (standard input, a
//! file, or an [`InputError`] found while listing) in a deterministic order:
//! operands as given, and inside a directory its entries sorted by name,
//! depth first. Then [`read`] turns one input into its [`Text`] or an
//! [`InputError`] (missing, unreadable, binary).
//!
//! Directories are listed one at a time, when the walk reaches them, so
//! memory grows with the largest directory, not with the number of files.
//! Inside a walk, symbolic links to files are followed and symbolic links to
//! directories are not (no cycles); files that are neither regular files nor
//! directories (named pipes, sockets, devices) are reported and skipped.
//! Operands are taken as given: a named pipe on the command line is read like
//! standard input, a directory without recursion is an error.

use std::ffi::OsString;
use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// One input of a run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// Standard input.
    Stdin,
    /// A file (or named pipe) to read.
    File {
        /// Where it is.
        path: PathBuf,
        /// How it is named in output and messages.
        label: String,
    },
    /// Something that could not be listed or is not to be read.
    Error(InputError),
}

impl Input {
    /// The name in output and messages: the path, or `<stdin>`.
    pub fn label(&self) -> &str {
        match self {
            Input::Stdin => STDIN_LABEL,
            Input::File { label, .. } => label,
            Input::Error(e) => e.label(),
        }
    }
}

/// How standard input is named in messages.
pub const STDIN_LABEL: &str = "<stdin>";

/// Why an input was not read. Displays as `PATH: reason`, the form of the
/// `extract: PATH: reason` messages.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    /// A directory given without recursion.
    #[error("{path}: Is a directory (use -r to read the files under it)")]
    Directory {
        /// The operand.
        path: String,
    },
    /// A named pipe, socket or device met while walking a directory.
    #[error("{path}: not a regular file, skipped")]
    Special {
        /// The file.
        path: String,
    },
    /// The input holds NUL bytes.
    #[error("{path}: binary file, skipped")]
    Binary {
        /// The file.
        path: String,
    },
    /// Reading or listing failed (missing, vanished, no permission, ...).
    #[error("{path}: {}", io_reason(source))]
    Io {
        /// The file or directory.
        path: String,
        /// The reason.
        source: io::Error,
    },
}

impl InputError {
    /// The path (or `<stdin>`) the error is about.
    pub fn label(&self) -> &str {
        match self {
            InputError::Directory { path }
            | InputError::Special { path }
            | InputError::Binary { path }
            | InputError::Io { path, .. } => path,
        }
    }
}

impl PartialEq for InputError {
    fn eq(&self, other: &InputError) -> bool {
        self.to_string() == other.to_string()
    }
}

impl Eq for InputError {}

impl Clone for InputError {
    fn clone(&self) -> InputError {
        match self {
            InputError::Directory { path } => InputError::Directory { path: path.clone() },
            InputError::Special { path } => InputError::Special { path: path.clone() },
            InputError::Binary { path } => InputError::Binary { path: path.clone() },
            InputError::Io { path, source } => InputError::Io {
                path: path.clone(),
                source: io::Error::new(source.kind(), source.to_string()),
            },
        }
    }
}

/// The words of the usual system messages, without the error code that
/// `io::Error`'s own text adds.
pub fn io_reason(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "No such file or directory".into(),
        io::ErrorKind::PermissionDenied => "Permission denied".into(),
        io::ErrorKind::IsADirectory => "Is a directory".into(),
        _ => {
            let s = e.to_string();
            match s.find(" (os error") {
                Some(at) => s[..at].to_string(),
                None => s,
            }
        }
    }
}

/// The text of one input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Text {
    /// The path; `None` for standard input.
    pub path: Option<String>,
    /// The text, with invalid UTF-8 replaced by U+FFFD.
    pub text: String,
    /// Bytes read.
    pub bytes: usize,
    /// Byte offset of the first invalid UTF-8 sequence, if any.
    pub invalid_utf8_at: Option<usize>,
}

impl Text {
    /// The warning for invalid UTF-8, as `PATH: ...`, if there is any.
    pub fn warning(&self) -> Option<String> {
        let at = self.invalid_utf8_at?;
        let label = self.path.as_deref().unwrap_or(STDIN_LABEL);
        Some(format!(
            "{label}: invalid UTF-8 at byte {at}; decoded with replacement characters (offsets refer to the decoded text)"
        ))
    }
}

/// Reads one input: its bytes, refused when they hold a NUL byte (binary),
/// decoded as UTF-8 with replacement characters where invalid.
pub fn read(input: &Input) -> Result<Text, InputError> {
    let (path, bytes) = match input {
        Input::Error(e) => return Err(e.clone()),
        Input::Stdin => {
            let mut buf = Vec::new();
            io::stdin()
                .lock()
                .read_to_end(&mut buf)
                .map_err(|source| InputError::Io {
                    path: STDIN_LABEL.to_string(),
                    source,
                })?;
            (None, buf)
        }
        Input::File { path, label } => {
            let buf = fs::read(path).map_err(|source| InputError::Io {
                path: label.clone(),
                source,
            })?;
            (Some(label.clone()), buf)
        }
    };
    decode(path, bytes)
}

/// Bytes to [`Text`]: refused when they hold a NUL byte (binary), decoded as
/// UTF-8 with replacement characters where invalid. `path` is `None` for
/// standard input.
pub fn decode(path: Option<String>, bytes: Vec<u8>) -> Result<Text, InputError> {
    if memchr::memchr(0, &bytes).is_some() {
        return Err(InputError::Binary {
            path: path.unwrap_or_else(|| STDIN_LABEL.to_string()),
        });
    }
    let len = bytes.len();
    let (text, invalid_utf8_at) = match String::from_utf8(bytes) {
        Ok(t) => (t, None),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            (String::from_utf8_lossy(e.as_bytes()).into_owned(), Some(at))
        }
    };
    Ok(Text {
        path,
        text,
        bytes: len,
        invalid_utf8_at,
    })
}

/// Why a file-name pattern is invalid.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("pattern `{pattern}`: {reason}")]
pub struct GlobError {
    /// The pattern.
    pub pattern: String,
    /// What is wrong.
    pub reason: String,
}

/// One piece of a compiled pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Piece {
    /// This character.
    Char(char),
    /// Any one character.
    Any,
    /// Any run of characters, the empty one included.
    Star,
    /// One character of a class: ranges (single characters are a..a), and
    /// whether the class is negated.
    Class(Vec<(char, char)>, bool),
}

/// A file-name pattern, as shells write them: `*` any run of characters, `?`
/// any one character, `[abc]`, `[a-z]` and `[!a-z]` classes, `{txt,md}`
/// alternatives, `\` to take the next character as it is. It is matched
/// against the whole file name, not the path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Glob {
    source: String,
    /// One piece list per brace alternative.
    alternatives: Vec<Vec<Piece>>,
}

impl Glob {
    /// Compiles a pattern.
    pub fn new(pattern: &str) -> Result<Glob, GlobError> {
        let err = |reason: &str| GlobError {
            pattern: pattern.to_string(),
            reason: reason.to_string(),
        };
        let expanded = expand_braces(pattern).map_err(&err)?;
        let alternatives = expanded
            .iter()
            .map(|p| compile(p).map_err(&err))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Glob {
            source: pattern.to_string(),
            alternatives,
        })
    }

    /// The pattern as written.
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// Whether a file name matches.
    pub fn matches(&self, name: &str) -> bool {
        let chars: Vec<char> = name.chars().collect();
        self.alternatives.iter().any(|p| matches(p, &chars))
    }
}

/// Most alternatives a pattern may expand to.
const MOST_ALTERNATIVES: usize = 256;

/// Most `{` in a pattern (bounds the expansion's recursion).
const MOST_BRACES: usize = 32;

/// `a{b,c}d` to `abd`, `acd` (nested braces allowed).
fn expand_braces(pattern: &str) -> Result<Vec<String>, &'static str> {
    if pattern.matches('{').count() > MOST_BRACES {
        return Err("too many `{`");
    }
    let chars: Vec<char> = pattern.chars().collect();
    // The first top-level `{` and its matching `}`.
    let mut depth = 0usize;
    let mut open = None;
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 1,
            '[' => {
                // Skip a class: braces inside it are characters.
                if let Some(end) = class_end(&chars, i) {
                    i = end;
                }
            }
            '{' => {
                if depth == 0 {
                    open = Some(i);
                }
                depth += 1;
            }
            '}' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    let start = open.unwrap_or(0);
                    let prefix: String = chars[..start].iter().collect();
                    let suffix: String = chars[i + 1..].iter().collect();
                    let mut out = Vec::new();
                    for part in split_top_commas(&chars[start + 1..i]) {
                        for tail in expand_braces(&format!("{part}{suffix}"))? {
                            out.push(format!("{prefix}{tail}"));
                            if out.len() > MOST_ALTERNATIVES {
                                return Err("too many {} alternatives");
                            }
                        }
                    }
                    return Ok(out);
                }
            }
            _ => {}
        }
        i += 1;
    }
    if depth > 0 {
        return Err("unclosed `{`");
    }
    Ok(vec![pattern.to_string()])
}

/// The comma-separated parts of a brace body, commas in nested braces kept.
fn split_top_commas(body: &[char]) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut depth = 0usize;
    let mut i = 0;
    while i < body.len() {
        let c = body[i];
        match c {
            '\\' => {
                if let Some(last) = parts.last_mut() {
                    last.push('\\');
                    if let Some(&n) = body.get(i + 1) {
                        last.push(n);
                    }
                }
                i += 2;
                continue;
            }
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                parts.push(String::new());
                i += 1;
                continue;
            }
            _ => {}
        }
        if let Some(last) = parts.last_mut() {
            last.push(c);
        }
        i += 1;
    }
    parts
}

/// Index of the `]` closing the class opened at `open`, if it is closed.
fn class_end(chars: &[char], open: usize) -> Option<usize> {
    let mut i = open + 1;
    if matches!(chars.get(i), Some('!' | '^')) {
        i += 1;
    }
    // A `]` right after the opening is a member.
    if chars.get(i) == Some(&']') {
        i += 1;
    }
    while i < chars.len() {
        if chars[i] == ']' {
            return Some(i);
        }
        i += 1;
    }
    None
}

fn compile(pattern: &str) -> Result<Vec<Piece>, &'static str> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '*' => {
                if out.last() != Some(&Piece::Star) {
                    out.push(Piece::Star);
                }
            }
            '?' => out.push(Piece::Any),
            '\\' => {
                i += 1;
                out.push(Piece::Char(*chars.get(i).ok_or("trailing `\\`")?));
            }
            '[' => {
                let end = class_end(&chars, i).ok_or("unclosed `[`")?;
                let mut j = i + 1;
                let negated = matches!(chars.get(j), Some('!' | '^'));
                if negated {
                    j += 1;
                }
                let mut ranges = Vec::new();
                while j < end {
                    let lo = chars[j];
                    if chars.get(j + 1) == Some(&'-') && j + 2 < end {
                        ranges.push((lo, chars[j + 2]));
                        j += 3;
                    } else {
                        ranges.push((lo, lo));
                        j += 1;
                    }
                }
                out.push(Piece::Class(ranges, negated));
                i = end;
            }
            c => out.push(Piece::Char(c)),
        }
        i += 1;
    }
    Ok(out)
}

/// Iterative wildcard matching with one backtrack point (linear-ish time).
fn matches(pattern: &[Piece], name: &[char]) -> bool {
    let (mut p, mut n) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while n < name.len() {
        let step = match pattern.get(p) {
            Some(Piece::Star) => {
                star = Some((p, n));
                p += 1;
                continue;
            }
            Some(Piece::Any) => true,
            Some(Piece::Char(c)) => *c == name[n],
            Some(Piece::Class(ranges, negated)) => {
                let c = name[n];
                ranges.iter().any(|&(lo, hi)| lo <= c && c <= hi) != *negated
            }
            None => false,
        };
        if step {
            p += 1;
            n += 1;
        } else if let Some((sp, sn)) = star {
            p = sp + 1;
            n = sn + 1;
            star = Some((sp, sn + 1));
        } else {
            return false;
        }
    }
    pattern[p.min(pattern.len())..]
        .iter()
        .all(|x| *x == Piece::Star)
}

/// A directory being walked: its entries not yet visited, in order.
struct Listing {
    dir: PathBuf,
    label: String,
    /// Names and types (the type as the listing gives it, without a
    /// further system call where the file system allows).
    entries: std::vec::IntoIter<(OsString, io::Result<fs::FileType>)>,
}

/// The inputs named by operands, lazily and in order (see the module doc).
pub struct Inputs {
    operands: std::vec::IntoIter<String>,
    recursive: bool,
    globs: Vec<Glob>,
    stack: Vec<Listing>,
}

impl Inputs {
    /// The inputs of `operands`. No operand means standard input; `-` is
    /// standard input. With `recursive`, directories are walked and their
    /// files whose names match any of `globs` are taken (all files when
    /// `globs` is empty); without, a directory is an error.
    pub fn new(operands: Vec<String>, recursive: bool, globs: Vec<Glob>) -> Inputs {
        let operands = if operands.is_empty() {
            vec!["-".to_string()]
        } else {
            operands
        };
        Inputs {
            operands: operands.into_iter(),
            recursive,
            globs,
            stack: Vec::new(),
        }
    }

    fn wanted(&self, name: &str) -> bool {
        self.globs.is_empty() || self.globs.iter().any(|g| g.matches(name))
    }

    /// Lists a directory, sorted by name.
    fn list(dir: &Path, label: &str) -> Result<Listing, InputError> {
        let io_err = |source| InputError::Io {
            path: label.to_string(),
            source,
        };
        let mut names = Vec::new();
        for entry in fs::read_dir(dir).map_err(io_err)? {
            let entry = entry.map_err(io_err)?;
            names.push((entry.file_name(), entry.file_type()));
        }
        names.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(Listing {
            dir: dir.to_path_buf(),
            label: label.to_string(),
            entries: names.into_iter(),
        })
    }

    /// The next input of the walk in progress, if any.
    fn next_in_walk(&mut self) -> Option<Input> {
        while let Some(top) = self.stack.last_mut() {
            let Some((name, kind)) = top.entries.next() else {
                self.stack.pop();
                continue;
            };
            let path = top.dir.join(&name);
            let label = join_label(&top.label, &name.to_string_lossy());
            let kind = match kind {
                Ok(kind) => kind,
                // Vanished since the listing, or unreadable: say so.
                Err(source) => {
                    return Some(Input::Error(InputError::Io {
                        path: label,
                        source,
                    }))
                }
            };
            if kind.is_dir() {
                match Inputs::list(&path, &label) {
                    Ok(listing) => self.stack.push(listing),
                    Err(e) => return Some(Input::Error(e)),
                }
                continue;
            }
            if !self.wanted(&name.to_string_lossy()) {
                continue;
            }
            if kind.is_file() {
                return Some(Input::File { path, label });
            }
            if kind.is_symlink() {
                match fs::metadata(&path) {
                    Ok(m) if m.is_file() => return Some(Input::File { path, label }),
                    // Links to directories are not followed; dangling links
                    // are reported.
                    Ok(m) if m.is_dir() => continue,
                    Ok(_) => return Some(Input::Error(InputError::Special { path: label })),
                    Err(source) => {
                        return Some(Input::Error(InputError::Io {
                            path: label,
                            source,
                        }))
                    }
                }
            }
            return Some(Input::Error(InputError::Special { path: label }));
        }
        None
    }
}

/// `dir` + `/` + `name`, without doubling a trailing slash.
fn join_label(dir: &str, name: &str) -> String {
    if dir.ends_with('/') {
        format!("{dir}{name}")
    } else {
        format!("{dir}/{name}")
    }
}

impl Iterator for Inputs {
    type Item = Input;

    fn next(&mut self) -> Option<Input> {
        if let Some(input) = self.next_in_walk() {
            return Some(input);
        }
        let op = self.operands.next()?;
        if op == "-" {
            return Some(Input::Stdin);
        }
        let path = PathBuf::from(&op);
        match fs::metadata(&path) {
            Ok(m) if m.is_dir() => {
                if !self.recursive {
                    return Some(Input::Error(InputError::Directory { path: op }));
                }
                match Inputs::list(&path, &op) {
                    Ok(listing) => self.stack.push(listing),
                    Err(e) => return Some(Input::Error(e)),
                }
                // An empty directory gives nothing: go on to the next operand.
                self.next()
            }
            // Files, named pipes and devices given by name are read; a
            // missing file is reported when it is read.
            _ => Some(Input::File { path, label: op }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glob(p: &str) -> Glob {
        Glob::new(p).expect("valid pattern")
    }

    #[test]
    fn globs_match_whole_names() {
        assert!(glob("*.txt").matches("a.txt"));
        assert!(glob("*.txt").matches(".txt"));
        assert!(!glob("*.txt").matches("a.txt.gz"));
        assert!(!glob("*.txt").matches("a.gold.json"));
        assert!(glob("dev??_*").matches("dev01_x.txt"));
        assert!(glob("*.{txt,md}").matches("README.md"));
        assert!(!glob("*.{txt,md}").matches("a.json"));
        assert!(glob("[a-c]*.txt").matches("b1.txt"));
        assert!(!glob("[!a-c]*.txt").matches("b1.txt"));
        assert!(glob("\\*.txt").matches("*.txt"));
        assert!(!glob("\\*.txt").matches("a.txt"));
        assert!(glob("*a*b*c").matches("xaxxbxxxc"));
        assert!(glob("é*").matches("équipe"));
        assert!(Glob::new("[abc").is_err());
        assert!(Glob::new("{a,b").is_err());
    }

    proptest::proptest! {
        #[test]
        fn any_pattern_compiles_or_fails_cleanly(pattern in "[a-z*?{},\\\\\\[\\]!^-]{0,24}", name in "[a-z.]{0,12}") {
            if let Ok(g) = Glob::new(&pattern) {
                let _ = g.matches(&name);
            }
        }
    }

    #[test]
    fn io_reasons_have_no_error_codes() {
        let e = io::Error::from_raw_os_error(21);
        assert_eq!(io_reason(&e), "Is a directory");
    }

    #[test]
    fn binary_and_invalid_utf8() {
        assert!(decode(None, b"a\0b".to_vec()).is_err());
        let t = decode(Some("x".into()), b"ab\xffc".to_vec()).expect("not binary");
        assert_eq!(t.invalid_utf8_at, Some(2));
        assert_eq!(t.text, "ab\u{fffd}c");
        assert!(t
            .warning()
            .is_some_and(|w| w.starts_with("x: invalid UTF-8 at byte 2")));
    }
}

#[cfg(test)]
mod walk_tests {
    use super::*;

    /// A fresh directory for one test; removed by the caller.
    fn scratch(tag: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("claimex-walk-{tag}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("temp dir");
        dir
    }

    fn labels(inputs: Inputs) -> Vec<String> {
        inputs.map(|i| i.label().to_string()).collect()
    }

    #[test]
    fn walks_in_name_order_depth_first_taking_matching_files() {
        let dir = scratch("order");
        for f in ["b.txt", "a/z.txt", "a/y.md", "c/d/e.txt", "a.txt"] {
            let p = dir.join(f);
            fs::create_dir_all(p.parent().expect("parent")).expect("dirs");
            fs::write(&p, "x").expect("write");
        }
        fs::create_dir_all(dir.join("empty")).expect("empty dir");
        let root = dir.to_string_lossy().into_owned();
        let txt = vec![Glob::new("*.txt").expect("glob")];
        let got = labels(Inputs::new(vec![root.clone()], true, txt.clone()));
        let want: Vec<String> = ["a/z.txt", "a.txt", "b.txt", "c/d/e.txt"]
            .iter()
            .map(|f| format!("{root}/{f}"))
            .collect();
        assert_eq!(got, want);
        // Without -r: one error for the directory.
        let flat: Vec<Input> = Inputs::new(vec![root.clone()], false, txt).collect();
        assert!(matches!(
            &flat[..],
            [Input::Error(InputError::Directory { .. })]
        ));
        fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn a_file_that_vanishes_after_listing_is_an_error_and_the_walk_goes_on() {
        let dir = scratch("vanish");
        for f in ["a.txt", "b.txt", "c.txt"] {
            fs::write(dir.join(f), "Arsenal want Rice.").expect("write");
        }
        let mut inputs = Inputs::new(
            vec![dir.to_string_lossy().into_owned()],
            true,
            vec![Glob::new("*.txt").expect("glob")],
        );
        let first = inputs.next().expect("a.txt");
        // The directory has been listed: remove a file before it is read.
        fs::remove_file(dir.join("b.txt")).expect("remove");
        let rest: Vec<Input> = inputs.collect();
        assert_eq!(rest.len(), 2);
        assert!(read(&first).is_ok());
        let err = read(&rest[0]).expect_err("b.txt is gone");
        assert!(
            err.to_string()
                .ends_with("b.txt: No such file or directory"),
            "{err}"
        );
        assert!(read(&rest[1]).is_ok());
        fs::remove_dir_all(&dir).ok();
    }
}
