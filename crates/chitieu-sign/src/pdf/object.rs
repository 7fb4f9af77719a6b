//! PDF objects and their parser (ISO 32000-1, 7.2–7.3), bounded: nesting
//! depth, elements per object and string lengths are limited, so a hostile
//! file costs at most a few megabytes and milliseconds per object.

use crate::error::PdfError;

/// How deep arrays and dictionaries may nest.
pub const MAX_DEPTH: usize = 32;
/// How many elements one object may hold, all levels counted.
pub const MAX_ELEMENTS: usize = 1 << 16;

/// A PDF object. Reals keep their text, so a rewritten dictionary says
/// exactly what the original said.
#[derive(Debug, Clone, PartialEq)]
pub enum Object {
    Null,
    Bool(bool),
    Int(i64),
    Real(String),
    Str(Vec<u8>),
    Name(Vec<u8>),
    Array(Vec<Object>),
    Dict(Dict),
    Ref(u32, u16),
    /// A stream: its dictionary and its raw (still encoded) data.
    Stream(Dict, Vec<u8>),
}

/// A dictionary, its keys in file order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Dict(pub Vec<(Vec<u8>, Object)>);

impl Dict {
    pub fn get(&self, key: &str) -> Option<&Object> {
        self.0
            .iter()
            .find(|(k, _)| k.as_slice() == key.as_bytes())
            .map(|(_, v)| v)
    }

    /// Sets `key`, replacing its value where it already is.
    pub fn set(&mut self, key: &str, value: Object) {
        match self
            .0
            .iter_mut()
            .find(|(k, _)| k.as_slice() == key.as_bytes())
        {
            Some(slot) => slot.1 = value,
            None => self.0.push((key.as_bytes().to_vec(), value)),
        }
    }

    pub fn int(&self, key: &str) -> Option<i64> {
        match self.get(key) {
            Some(Object::Int(i)) => Some(*i),
            _ => None,
        }
    }

    pub fn name_is(&self, key: &str, name: &str) -> bool {
        matches!(self.get(key), Some(Object::Name(n)) if n.as_slice() == name.as_bytes())
    }
}

impl Object {
    pub fn as_dict(&self) -> Option<&Dict> {
        match self {
            Object::Dict(d) | Object::Stream(d, _) => Some(d),
            _ => None,
        }
    }

    pub fn as_int(&self) -> Option<i64> {
        match self {
            Object::Int(i) => Some(*i),
            _ => None,
        }
    }

    /// A number (integer or real) as f64, for geometry only.
    pub fn as_number(&self) -> Option<f64> {
        match self {
            Object::Int(i) => Some(*i as f64),
            Object::Real(r) => r.parse().ok(),
            _ => None,
        }
    }
}

pub fn is_white(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\r' | b'\t' | b'\x0c' | b'\0')
}

pub fn is_delim(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

/// A cursor over bytes that parses objects.
pub struct Parser<'a> {
    pub data: &'a [u8],
    pub pos: usize,
    elements: usize,
    /// Bytes searched for `endstream` (streams without a usable /Length):
    /// the document bounds their sum.
    pub scanned: usize,
}

impl<'a> Parser<'a> {
    /// A cursor at `pos` (clamped to the end: offsets come from the file).
    pub fn new(data: &'a [u8], pos: usize) -> Self {
        Parser {
            data,
            pos: pos.min(data.len()),
            elements: 0,
            scanned: 0,
        }
    }

    pub fn skip_white(&mut self) {
        while self.pos < self.data.len() {
            let b = self.data[self.pos];
            if is_white(b) {
                self.pos += 1;
            } else if b == b'%' {
                while self.pos < self.data.len() && !matches!(self.data[self.pos], b'\r' | b'\n') {
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    /// The next regular token (a keyword or number), without consuming it.
    pub fn peek_word(&mut self) -> &'a [u8] {
        self.skip_white();
        let start = self.pos;
        let mut end = start;
        while end < self.data.len() && !is_white(self.data[end]) && !is_delim(self.data[end]) {
            end += 1;
        }
        &self.data[start..end]
    }

    pub fn word(&mut self) -> &'a [u8] {
        let w = self.peek_word();
        self.pos += w.len();
        w
    }

    pub fn expect_word(&mut self, word: &[u8]) -> Result<(), PdfError> {
        if self.word() == word {
            Ok(())
        } else {
            Err(PdfError::Syntax(self.pos))
        }
    }

    fn count(&mut self) -> Result<(), PdfError> {
        self.elements += 1;
        if self.elements > MAX_ELEMENTS {
            return Err(PdfError::TooComplex);
        }
        Ok(())
    }

    /// Parses one object (a reference `n g R` included). Streams are not
    /// read here: see [`Parser::indirect`].
    pub fn object(&mut self, depth: usize) -> Result<Object, PdfError> {
        if depth > MAX_DEPTH {
            return Err(PdfError::TooDeep);
        }
        self.count()?;
        self.skip_white();
        let Some(&b) = self.data.get(self.pos) else {
            return Err(PdfError::Truncated);
        };
        match b {
            b'/' => {
                self.pos += 1;
                Ok(Object::Name(self.name()))
            }
            b'(' => {
                self.pos += 1;
                self.literal().map(Object::Str)
            }
            b'<' if self.data.get(self.pos + 1) == Some(&b'<') => {
                self.pos += 2;
                self.dict(depth).map(Object::Dict)
            }
            b'<' => {
                self.pos += 1;
                self.hex().map(Object::Str)
            }
            b'[' => {
                self.pos += 1;
                let mut items = Vec::new();
                loop {
                    self.skip_white();
                    match self.data.get(self.pos) {
                        None => return Err(PdfError::Truncated),
                        Some(b']') => {
                            self.pos += 1;
                            return Ok(Object::Array(items));
                        }
                        _ => items.push(self.object(depth + 1)?),
                    }
                }
            }
            _ => {
                let start = self.pos;
                let w = self.word();
                match w {
                    b"true" => Ok(Object::Bool(true)),
                    b"false" => Ok(Object::Bool(false)),
                    b"null" => Ok(Object::Null),
                    _ => self.number(w, start),
                }
            }
        }
    }

    fn number(&mut self, w: &[u8], start: usize) -> Result<Object, PdfError> {
        let text = std::str::from_utf8(w).map_err(|_| PdfError::Syntax(start))?;
        if let Ok(i) = text.parse::<i64>() {
            // `n g R`?
            if i >= 0 {
                let save = self.pos;
                let g = self.word();
                if let Ok(g) = std::str::from_utf8(g).unwrap_or("").parse::<u16>() {
                    if self.word() == b"R" {
                        let n = u32::try_from(i).map_err(|_| PdfError::Syntax(start))?;
                        return Ok(Object::Ref(n, g));
                    }
                }
                self.pos = save;
            }
            return Ok(Object::Int(i));
        }
        let ok = !text.is_empty()
            && text
                .bytes()
                .all(|c| c.is_ascii_digit() || matches!(c, b'.' | b'-' | b'+'))
            && text.bytes().filter(|c| c.is_ascii_digit()).count() > 0;
        if ok {
            Ok(Object::Real(text.to_owned()))
        } else {
            Err(PdfError::Syntax(start))
        }
    }

    fn name(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        while let Some(&b) = self.data.get(self.pos) {
            if is_white(b) || is_delim(b) {
                break;
            }
            self.pos += 1;
            if b == b'#' {
                let hex = self.data.get(self.pos..self.pos + 2).and_then(|h| {
                    std::str::from_utf8(h)
                        .ok()
                        .and_then(|h| u8::from_str_radix(h, 16).ok())
                });
                if let Some(v) = hex {
                    out.push(v);
                    self.pos += 2;
                    continue;
                }
            }
            out.push(b);
        }
        out
    }

    fn literal(&mut self) -> Result<Vec<u8>, PdfError> {
        let mut out = Vec::new();
        let mut depth = 1usize;
        loop {
            let Some(&b) = self.data.get(self.pos) else {
                return Err(PdfError::Truncated);
            };
            self.pos += 1;
            match b {
                b'\\' => {
                    let Some(&e) = self.data.get(self.pos) else {
                        return Err(PdfError::Truncated);
                    };
                    self.pos += 1;
                    match e {
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'\r' => {
                            if self.data.get(self.pos) == Some(&b'\n') {
                                self.pos += 1;
                            }
                        }
                        b'\n' => {}
                        b'0'..=b'7' => {
                            let mut v = u32::from(e - b'0');
                            for _ in 0..2 {
                                match self.data.get(self.pos) {
                                    Some(&d @ b'0'..=b'7') => {
                                        v = v * 8 + u32::from(d - b'0');
                                        self.pos += 1;
                                    }
                                    _ => break,
                                }
                            }
                            out.push((v & 0xff) as u8);
                        }
                        other => out.push(other),
                    }
                }
                b'(' => {
                    depth += 1;
                    out.push(b);
                }
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        return Ok(out);
                    }
                    out.push(b);
                }
                _ => out.push(b),
            }
        }
    }

    fn hex(&mut self) -> Result<Vec<u8>, PdfError> {
        let mut out = Vec::new();
        let mut half: Option<u8> = None;
        loop {
            let Some(&b) = self.data.get(self.pos) else {
                return Err(PdfError::Truncated);
            };
            self.pos += 1;
            let v = match b {
                b'>' => break,
                b'0'..=b'9' => b - b'0',
                b'a'..=b'f' => b - b'a' + 10,
                b'A'..=b'F' => b - b'A' + 10,
                _ if is_white(b) => continue,
                _ => return Err(PdfError::Syntax(self.pos - 1)),
            };
            match half.take() {
                Some(h) => out.push(h << 4 | v),
                None => half = Some(v),
            }
        }
        if let Some(h) = half {
            out.push(h << 4);
        }
        Ok(out)
    }

    fn dict(&mut self, depth: usize) -> Result<Dict, PdfError> {
        let mut d = Dict::default();
        loop {
            self.skip_white();
            match self.data.get(self.pos) {
                None => return Err(PdfError::Truncated),
                Some(b'>') => {
                    if self.data.get(self.pos + 1) == Some(&b'>') {
                        self.pos += 2;
                        return Ok(d);
                    }
                    return Err(PdfError::Syntax(self.pos));
                }
                Some(b'/') => {
                    self.pos += 1;
                    let key = self.name();
                    let value = self.object(depth + 1)?;
                    // The first of duplicate keys wins, as in most readers.
                    if !d.0.iter().any(|(k, _)| *k == key) {
                        d.0.push((key, value));
                    }
                }
                Some(_) => return Err(PdfError::Syntax(self.pos)),
            }
        }
    }

    /// Parses `n g obj … endobj` at the cursor: the object number and the
    /// object (a stream with its raw data).
    pub fn indirect(&mut self) -> Result<(u32, u16, Object), PdfError> {
        self.indirect_with(&|_| None)
    }

    /// As [`Parser::indirect`], `length_of` giving the value of an indirect
    /// /Length (object number → integer).
    pub fn indirect_with(
        &mut self,
        length_of: &dyn Fn(u32) -> Option<i64>,
    ) -> Result<(u32, u16, Object), PdfError> {
        let start = self.pos;
        let n = std::str::from_utf8(self.word())
            .ok()
            .and_then(|w| w.parse::<u32>().ok())
            .ok_or(PdfError::Syntax(start))?;
        let g = std::str::from_utf8(self.word())
            .ok()
            .and_then(|w| w.parse::<u16>().ok())
            .ok_or(PdfError::Syntax(start))?;
        self.expect_word(b"obj")?;
        let obj = self.object(0)?;
        if self.peek_word() != b"stream" {
            return Ok((n, g, obj));
        }
        let Object::Dict(dict) = obj else {
            return Err(PdfError::Syntax(self.pos));
        };
        self.pos += b"stream".len();
        if self.data.get(self.pos) == Some(&b'\r') {
            self.pos += 1;
        }
        if self.data.get(self.pos) == Some(&b'\n') {
            self.pos += 1;
        }
        let begin = self.pos;
        // The declared length when it is direct and ends where `endstream`
        // follows; else the data runs to the next `endstream`.
        let length = match dict.get("Length") {
            Some(Object::Int(l)) => Some(*l),
            Some(Object::Ref(n, _)) => length_of(*n),
            _ => None,
        };
        let declared = length
            .and_then(|l| usize::try_from(l).ok())
            .and_then(|l| begin.checked_add(l))
            .filter(|&end| end <= self.data.len())
            .filter(|&end| {
                let mut p = Parser::new(self.data, end);
                p.peek_word() == b"endstream"
            });
        let end = match declared {
            Some(end) => end,
            None => {
                let found = find(&self.data[begin..], b"endstream");
                self.scanned += found.unwrap_or(self.data.len() - begin);
                let at = found.ok_or(PdfError::Truncated)?;
                let mut end = begin + at;
                if end > begin && self.data[end - 1] == b'\n' {
                    end -= 1;
                }
                if end > begin && self.data[end - 1] == b'\r' {
                    end -= 1;
                }
                end
            }
        };
        self.pos = end;
        self.expect_word(b"endstream")?;
        Ok((n, g, Object::Stream(dict, self.data[begin..end].to_vec())))
    }
}

/// The first position of `needle` in `hay` (a scan for its first byte,
/// then a comparison: fast over the long runs hostile files are made of).
pub fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let (&first, rest) = needle.split_first()?;
    let last_start = hay.len().checked_sub(needle.len())?;
    let mut from = 0;
    while from <= last_start {
        let i = from + hay[from..=last_start].iter().position(|&b| b == first)?;
        if &hay[i + 1..i + needle.len()] == rest {
            return Some(i);
        }
        from = i + 1;
    }
    None
}

/// The last position of `needle` in `hay`.
pub fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}
