//! A PDF's cross-reference sections (classic tables and xref streams, with
//! their `/Prev` chain and hybrid `/XRefStm`) and lookup of its objects, all
//! bounded: a loop or an over-long chain of updates, an object stream that
//! inflates beyond a budget, a reference chain, each stops with an error.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::io::Read;

use super::object::{find, rfind, Dict, Object, Parser};
use crate::error::PdfError;

/// The largest PDF read (a Phụ lục 01 is well under 1 MB).
pub const MAX_FILE: usize = 64 << 20;
/// How many cross-reference sections (incremental updates) are followed.
pub const MAX_SECTIONS: usize = 256;
/// How many objects the cross-reference sections may declare in all.
pub const MAX_ENTRIES: usize = 1 << 20;
/// Bytes all inflated streams of one document may hold together.
pub const MAX_INFLATED: usize = 32 << 20;
/// How many references may be followed in a row to reach an object.
const MAX_REF_CHAIN: usize = 8;
/// Bytes that may be searched for the ends of streams, in all.
pub const MAX_SCANNED: usize = MAX_FILE;

/// An inflated object stream: its data and (object number, offset) pairs.
type ObjectStream = std::rc::Rc<(Vec<u8>, Vec<(u32, usize)>)>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    Free,
    At(usize),
    /// In object stream `.0`, at index `.1`.
    InStream(u32, usize),
}

/// A parsed PDF: its bytes, merged cross-reference and newest trailer.
pub struct Document<'a> {
    pub data: &'a [u8],
    pub entries: HashMap<u32, Entry>,
    /// The newest trailer (an xref stream's dictionary when it is one).
    pub trailer: Dict,
    /// Where the newest cross-reference section starts (`startxref`).
    pub startxref: usize,
    /// The newest section is an xref stream (an update must be one too).
    pub xref_stream: bool,
    inflated: RefCell<usize>,
    scanned: std::cell::Cell<usize>,
    object_streams: RefCell<HashMap<u32, ObjectStream>>,
}

impl<'a> Document<'a> {
    pub fn parse(data: &'a [u8]) -> Result<Self, PdfError> {
        if data.len() > MAX_FILE {
            return Err(PdfError::TooLarge {
                size: data.len(),
                limit: MAX_FILE,
            });
        }
        if find(&data[..data.len().min(1024)], b"%PDF-").is_none() {
            return Err(PdfError::NoXref);
        }
        let tail_from = data.len().saturating_sub(2048);
        let at = rfind(&data[tail_from..], b"startxref").ok_or(PdfError::Truncated)? + tail_from;
        let mut p = Parser::new(data, at + b"startxref".len());
        let startxref = std::str::from_utf8(p.word())
            .ok()
            .and_then(|w| w.parse::<usize>().ok())
            .filter(|&o| o < data.len())
            .ok_or(PdfError::NoXref)?;
        let mut doc = Document {
            data,
            entries: HashMap::new(),
            trailer: Dict::default(),
            startxref,
            xref_stream: false,
            inflated: RefCell::new(0),
            scanned: std::cell::Cell::new(0),
            object_streams: RefCell::new(HashMap::new()),
        };
        let mut seen = HashSet::new();
        let mut next = Some(startxref);
        let mut first = true;
        while let Some(offset) = next {
            if !seen.insert(offset) || seen.len() > MAX_SECTIONS {
                return Err(PdfError::XrefLoop);
            }
            let (trailer, is_stream) = doc.section(offset)?;
            if let Some(stm) = trailer.int("XRefStm").and_then(|o| usize::try_from(o).ok()) {
                if seen.insert(stm) {
                    doc.section(stm)?;
                }
            }
            next = match trailer.get("Prev") {
                Some(Object::Int(o)) => Some(usize::try_from(*o).map_err(|_| PdfError::NoXref)?),
                _ => None,
            };
            if first {
                doc.trailer = trailer;
                doc.xref_stream = is_stream;
                first = false;
            }
        }
        if doc.trailer.get("Encrypt").is_some() {
            return Err(PdfError::Encrypted);
        }
        Ok(doc)
    }

    fn add(&mut self, num: u32, entry: Entry) -> Result<(), PdfError> {
        if self.entries.len() >= MAX_ENTRIES {
            return Err(PdfError::TooComplex);
        }
        // Newest sections are read first: an older entry never wins.
        self.entries.entry(num).or_insert(entry);
        Ok(())
    }

    /// Reads the section at `offset` into the entries; returns its trailer.
    fn section(&mut self, offset: usize) -> Result<(Dict, bool), PdfError> {
        let mut p = Parser::new(self.data, offset);
        if p.peek_word() == b"xref" {
            p.word();
            loop {
                let w = p.peek_word();
                if w == b"trailer" {
                    p.word();
                    return match p.object(0)? {
                        Object::Dict(d) => Ok((d, false)),
                        _ => Err(PdfError::Syntax(p.pos)),
                    };
                }
                let start = num(p.word()).ok_or(PdfError::Syntax(p.pos))?;
                let count = num(p.word()).ok_or(PdfError::Syntax(p.pos))?;
                if count > MAX_ENTRIES {
                    return Err(PdfError::TooComplex);
                }
                for i in 0..count {
                    let off = num(p.word()).ok_or(PdfError::Syntax(p.pos))?;
                    let _gen = num(p.word()).ok_or(PdfError::Syntax(p.pos))?;
                    let kind = p.word();
                    let n = start
                        .checked_add(i)
                        .and_then(|n| u32::try_from(n).ok())
                        .ok_or(PdfError::TooComplex)?;
                    let entry = match kind {
                        b"n" => Entry::At(off),
                        b"f" => Entry::Free,
                        _ => return Err(PdfError::Syntax(p.pos)),
                    };
                    self.add(n, entry)?;
                }
            }
        }
        let (_, _, obj) = self.indirect_at(offset)?;
        let Object::Stream(dict, raw) = obj else {
            return Err(PdfError::NoXref);
        };
        if !dict.name_is("Type", "XRef") {
            return Err(PdfError::NoXref);
        }
        let data = self.decode(&dict, &raw)?;
        let widths: Vec<usize> = match dict.get("W") {
            Some(Object::Array(a)) if a.len() == 3 => a
                .iter()
                .map(|o| o.as_int().and_then(|i| usize::try_from(i).ok()))
                .collect::<Option<_>>()
                .filter(|w: &Vec<usize>| w.iter().all(|&x| x <= 8))
                .ok_or(PdfError::Syntax(offset))?,
            _ => return Err(PdfError::Syntax(offset)),
        };
        let row: usize = widths.iter().sum();
        if row == 0 {
            return Err(PdfError::Syntax(offset));
        }
        let index: Vec<usize> = match dict.get("Index") {
            Some(Object::Array(a)) => a
                .iter()
                .map(|o| o.as_int().and_then(|i| usize::try_from(i).ok()))
                .collect::<Option<_>>()
                .ok_or(PdfError::Syntax(offset))?,
            _ => vec![
                0,
                dict.int("Size")
                    .and_then(|s| usize::try_from(s).ok())
                    .unwrap_or(0),
            ],
        };
        let mut at = 0usize;
        for pair in index.chunks(2) {
            let [start, count] = pair else {
                return Err(PdfError::Syntax(offset));
            };
            for i in 0..*count {
                let Some(bytes) = data.get(at..at.saturating_add(row)) else {
                    // Fewer rows than /Index says: keep what there is.
                    break;
                };
                at += row;
                let field = |k: usize| -> usize {
                    let s: usize = widths[..k].iter().sum();
                    bytes[s..s + widths[k]]
                        .iter()
                        .fold(0usize, |acc, &b| acc.wrapping_shl(8) | usize::from(b))
                };
                let kind = if widths[0] == 0 { 1 } else { field(0) };
                let n = start
                    .checked_add(i)
                    .and_then(|n| u32::try_from(n).ok())
                    .ok_or(PdfError::TooComplex)?;
                match kind {
                    0 => self.add(n, Entry::Free)?,
                    1 => self.add(n, Entry::At(field(1)))?,
                    2 => {
                        let stm = u32::try_from(field(1)).map_err(|_| PdfError::TooComplex)?;
                        self.add(n, Entry::InStream(stm, field(2)))?
                    }
                    _ => {}
                }
            }
        }
        Ok((dict, true))
    }

    /// The decoded data of a stream (FlateDecode with or without a PNG
    /// predictor, or no filter), within the inflation budget.
    pub fn decode(&self, dict: &Dict, raw: &[u8]) -> Result<Vec<u8>, PdfError> {
        let filter = match dict.get("Filter") {
            None => None,
            Some(Object::Name(n)) => Some(n.clone()),
            Some(Object::Array(a)) if a.len() == 1 => match &a[0] {
                Object::Name(n) => Some(n.clone()),
                _ => return Err(PdfError::Stream),
            },
            Some(Object::Array(a)) if a.is_empty() => None,
            _ => return Err(PdfError::Stream),
        };
        let data = match filter.as_deref() {
            None => raw.to_vec(),
            Some(b"FlateDecode") => {
                let budget = MAX_INFLATED.saturating_sub(*self.inflated.borrow());
                let mut out = Vec::new();
                let mut z = flate2::read::ZlibDecoder::new(raw).take(budget as u64 + 1);
                if z.read_to_end(&mut out).is_err() && out.is_empty() {
                    return Err(PdfError::Stream);
                }
                if out.len() > budget {
                    return Err(PdfError::Stream);
                }
                *self.inflated.borrow_mut() += out.len();
                out
            }
            Some(_) => return Err(PdfError::Stream),
        };
        let params = match dict.get("DecodeParms") {
            Some(Object::Dict(d)) => Some(d),
            Some(Object::Array(a)) => a.first().and_then(Object::as_dict),
            _ => None,
        };
        match params.and_then(|p| p.int("Predictor")) {
            Some(p) if p >= 10 => {
                let columns = params
                    .and_then(|p| p.int("Columns"))
                    .and_then(|c| usize::try_from(c).ok())
                    .filter(|&c| c > 0 && c <= 1 << 16)
                    .unwrap_or(1);
                unpredict(&data, columns)
            }
            _ => Ok(data),
        }
    }

    /// Object `num` (the newest version), references followed.
    pub fn get(&self, num: u32) -> Result<Object, PdfError> {
        match self.entries.get(&num) {
            None | Some(Entry::Free) => Ok(Object::Null),
            Some(Entry::At(offset)) => {
                let (n, _, obj) = self.indirect_at(*offset)?;
                if n != num {
                    return Err(PdfError::MissingObject(num));
                }
                Ok(obj)
            }
            Some(Entry::InStream(stm, index)) => {
                let stream = self.object_stream(*stm)?;
                let (data, offsets) = &*stream;
                let &(n, at) = offsets.get(*index).ok_or(PdfError::MissingObject(num))?;
                if n != num {
                    return Err(PdfError::MissingObject(num));
                }
                Parser::new(data, at).object(0)
            }
        }
    }

    fn object_stream(&self, num: u32) -> Result<ObjectStream, PdfError> {
        if let Some(s) = self.object_streams.borrow().get(&num) {
            return Ok(s.clone());
        }
        let Some(Entry::At(offset)) = self.entries.get(&num) else {
            return Err(PdfError::MissingObject(num));
        };
        let (_, _, obj) = self.indirect_at(*offset)?;
        let Object::Stream(dict, raw) = obj else {
            return Err(PdfError::MissingObject(num));
        };
        let data = self.decode(&dict, &raw)?;
        let n = dict
            .int("N")
            .and_then(|n| usize::try_from(n).ok())
            .filter(|&n| n <= data.len())
            .ok_or(PdfError::Stream)?;
        let first = dict
            .int("First")
            .and_then(|n| usize::try_from(n).ok())
            .filter(|&f| f <= data.len())
            .ok_or(PdfError::Stream)?;
        let mut p = Parser::new(&data, 0);
        let mut offsets = Vec::with_capacity(n);
        for _ in 0..n {
            let obj = u32::try_from(num_word(p.word())?).map_err(|_| PdfError::Stream)?;
            let at = num_word(p.word())?;
            offsets.push((obj, first.checked_add(at).ok_or(PdfError::Stream)?));
        }
        let s = std::rc::Rc::new((data, offsets));
        self.object_streams.borrow_mut().insert(num, s.clone());
        Ok(s)
    }

    /// The indirect object at `offset`, an indirect /Length resolved, the
    /// bytes searched for stream ends counted against [`MAX_SCANNED`].
    fn indirect_at(&self, offset: usize) -> Result<(u32, u16, Object), PdfError> {
        let length_of = |n: u32| -> Option<i64> {
            let Some(Entry::At(at)) = self.entries.get(&n) else {
                return None;
            };
            let mut p = Parser::new(self.data, *at);
            let found = p.indirect().ok();
            self.count_scanned(p.scanned).ok()?;
            match found? {
                (m, _, Object::Int(l)) if m == n => Some(l),
                _ => None,
            }
        };
        let mut p = Parser::new(self.data, offset);
        let found = p.indirect_with(&length_of);
        self.count_scanned(p.scanned)?;
        found
    }

    fn count_scanned(&self, bytes: usize) -> Result<(), PdfError> {
        let total = self.scanned.get().saturating_add(bytes);
        self.scanned.set(total);
        if total > MAX_SCANNED {
            return Err(PdfError::TooComplex);
        }
        Ok(())
    }

    /// `obj` with references followed (a bounded chain).
    pub fn resolve(&self, obj: &Object) -> Result<Object, PdfError> {
        let mut cur = obj.clone();
        for _ in 0..MAX_REF_CHAIN {
            match cur {
                Object::Ref(n, _) => cur = self.get(n)?,
                other => return Ok(other),
            }
        }
        Err(PdfError::TooDeep)
    }

    /// A dictionary entry of `dict`, resolved.
    pub fn entry(&self, dict: &Dict, key: &str) -> Result<Object, PdfError> {
        match dict.get(key) {
            Some(o) => self.resolve(o),
            None => Ok(Object::Null),
        }
    }

    /// The document catalog.
    pub fn catalog(&self) -> Result<Dict, PdfError> {
        match self.entry(&self.trailer, "Root")? {
            Object::Dict(d) => Ok(d),
            _ => Err(PdfError::MissingObject(0)),
        }
    }

    /// The highest object number plus one (the trailer's /Size, or more).
    pub fn size(&self) -> u32 {
        let declared = self
            .trailer
            .int("Size")
            .and_then(|s| u32::try_from(s).ok())
            .unwrap_or(0);
        let used = self.entries.keys().max().map_or(0, |m| m + 1);
        declared.max(used)
    }
}

fn num(w: &[u8]) -> Option<usize> {
    std::str::from_utf8(w).ok()?.parse().ok()
}

fn num_word(w: &[u8]) -> Result<usize, PdfError> {
    num(w).ok_or(PdfError::Stream)
}

/// Undoes PNG predictors (rows of `columns` bytes, each with a type byte).
fn unpredict(data: &[u8], columns: usize) -> Result<Vec<u8>, PdfError> {
    let row = columns + 1;
    let mut out = Vec::with_capacity(data.len());
    let mut prev = vec![0u8; columns];
    for chunk in data.chunks(row) {
        if chunk.len() < row {
            break;
        }
        let kind = chunk[0];
        let mut cur = chunk[1..].to_vec();
        for i in 0..columns {
            let left = if i > 0 { cur[i - 1] } else { 0 };
            let up = prev[i];
            let up_left = if i > 0 { prev[i - 1] } else { 0 };
            cur[i] = match kind {
                0 => cur[i],
                1 => cur[i].wrapping_add(left),
                2 => cur[i].wrapping_add(up),
                3 => cur[i].wrapping_add(((u16::from(left) + u16::from(up)) / 2) as u8),
                4 => cur[i].wrapping_add(paeth(left, up, up_left)),
                _ => return Err(PdfError::Stream),
            };
        }
        out.extend_from_slice(&cur);
        prev = cur;
    }
    Ok(out)
}

fn paeth(a: u8, b: u8, c: u8) -> u8 {
    let p = i16::from(a) + i16::from(b) - i16::from(c);
    let (pa, pb, pc) = (
        (p - i16::from(a)).abs(),
        (p - i16::from(b)).abs(),
        (p - i16::from(c)).abs(),
    );
    if pa <= pb && pa <= pc {
        a
    } else if pb <= pc {
        b
    } else {
        c
    }
}
