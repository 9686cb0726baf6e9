//! The document's Subject, which PDF viewers show under document properties. A value that
//! depends on the file's own bytes (a fingerprint) cannot be known before the file is
//! written, so it is rendered as a placeholder of the same length and stamped in after.

use crate::PdfError;

const KEY: &[u8] = b"/Subject<";

/// Replaces `placeholder` by `value` (ASCII, the same length) inside the Subject of a PDF
/// written by [`crate::render`]; no other byte changes.
pub fn stamp_subject(pdf: &mut [u8], placeholder: &str, value: &str) -> Result<(), PdfError> {
    let unusable = |why: &str| PdfError::Write(format!("the subject cannot be stamped: {why}"));
    if !placeholder.is_ascii() || !value.is_ascii() || placeholder.len() != value.len() {
        return Err(unusable(
            "the value must be ASCII of the placeholder's length",
        ));
    }
    let span = subject_span(pdf).ok_or_else(|| unusable("the PDF has no subject"))?;
    let (from, to) = (hex(placeholder), hex(value));
    let text = &mut pdf[span];
    let at = text
        .windows(from.len())
        .position(|w| w.eq_ignore_ascii_case(from.as_bytes()))
        .ok_or_else(|| unusable("the placeholder is not in the subject"))?;
    text[at..at + to.len()].copy_from_slice(to.as_bytes());
    Ok(())
}

/// The Subject of a PDF written by [`crate::render`], if it has one.
pub fn subject(pdf: &[u8]) -> Option<String> {
    let digits = &pdf[subject_span(pdf)?];
    let units = digits
        .chunks(4)
        .map(|c| u16::from_str_radix(std::str::from_utf8(c).ok()?, 16).ok())
        .collect::<Option<Vec<u16>>>()?;
    String::from_utf16(units.strip_prefix(&[0xFEFF])?).ok()
}

/// The hexadecimal digits of the Subject's UTF-16BE string (byte order mark included).
fn subject_span(pdf: &[u8]) -> Option<std::ops::Range<usize>> {
    let start = pdf.windows(KEY.len()).position(|w| w == KEY)? + KEY.len();
    let len = pdf[start..].iter().position(|&b| b == b'>')?;
    let span = start..start + len;
    (len % 4 == 0 && pdf[span.clone()].iter().all(u8::is_ascii_hexdigit)).then_some(span)
}

/// How the writer encodes a string of the document information: UTF-16BE in hexadecimal.
fn hex(text: &str) -> String {
    text.encode_utf16().map(|u| format!("{u:04X}")).collect()
}
