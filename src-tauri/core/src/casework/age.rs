//! Ages as the Home Office statistics band them.

/// Age bands of the Home Office statistics.
pub const AGE_BANDS: [(&str, u32, u32); 9] = [
    ("10 or under", 0, 10),
    ("11-15", 11, 15),
    ("16-17", 16, 17),
    ("18-20", 18, 20),
    ("21-30", 21, 30),
    ("31-40", 31, 40),
    ("41-50", 41, 50),
    ("51-60", 51, 60),
    ("61+", 61, 200),
];

pub fn age_band(age: u32) -> &'static str {
    AGE_BANDS
        .iter()
        .find(|(_, lo, hi)| (*lo..=*hi).contains(&age))
        .map(|b| b.0)
        .unwrap_or("")
}
