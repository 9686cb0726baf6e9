//! Names in every script the borough's people write theirs in show as letters, not boxes, in
//! the real window on a machine with no fonts of its own beyond what `make test` installs:
//! the window draws them with the fonts it ships (the same the PDF embeds).

mod common;

use channel_desk_core::casework::{CategoriesInput, ReferralInput};
use common::App;

include!("../src-tauri/pdf/tests/support/names.rs");

const ADMIN: &str = "administrator's passphrase";

/// Draws each grapheme of each name on a canvas with the font the case list uses for names,
/// and compares it with a character no font has (drawn as the missing-glyph box): any
/// grapheme drawn the same is a box. A private-use character must come out as the box too,
/// which proves the comparison can see one.
const FIND_BOXES: &str = r#"
const [names] = arguments;
return (async () => {
  const cell = document.querySelector('#cases-table td');
  const font = getComputedStyle(cell).font;
  await document.fonts.load(font, names.join(' '));
  await document.fonts.ready;
  const canvas = document.createElement('canvas');
  canvas.width = 160;
  canvas.height = 80;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  const draw = (text) => {
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    ctx.font = font;
    ctx.fillStyle = '#000';
    ctx.fillText(text, 10, 50);
    return ctx.getImageData(0, 0, canvas.width, canvas.height).data.join('');
  };
  const box = draw('\u{10FFFD}');
  const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  const boxed = [];
  for (const name of names) {
    for (const { segment } of segmenter.segment(name)) {
      if (segment.trim() !== '' && draw(segment) === box) boxed.push(`${segment} in ${name}`);
    }
  }
  return { family: getComputedStyle(cell).fontFamily, control: draw('\u{E000}') === box, boxed };
})();
"#;

#[tokio::test(flavor = "multi_thread")]
async fn names_in_every_script_show_as_letters_in_the_case_list() {
    let app = App::start_with(|db| {
        common::database(
            db,
            ADMIN,
            |s| {
                for name in NAMES {
                    s.record_referral(&ReferralInput {
                        received_on: "3/11/2026".into(),
                        referrer_name: "Designated safeguarding lead".into(),
                        referrer_sector: "education".into(),
                        full_name: name.into(),
                        approximate_age: "34".into(),
                        concern_type: "extreme_right_wing".into(),
                        concern: "Synthetic concern".into(),
                        categories: CategoriesInput {
                            gender: "not_known".into(),
                            ethnicity: "not_known".into(),
                            needs: Vec::new(),
                        },
                        ..Default::default()
                    })
                    .unwrap();
                }
            },
            &[],
        )
    })
    .await;
    app.wait_heading("Unlock Channel Desk").await;
    app.unlock("sunita", ADMIN).await;
    app.wait_heading("Home").await;
    app.press("nav-cases").await;
    app.wait_heading("Referrals and cases").await;
    app.wait("cases-table").await;
    let listed = app.body_text().await;
    assert!(
        listed.contains("தமிழ்செல்வி முருகன்") && listed.contains("ભાવના પટેલ"),
        "the names are in the case list: {listed}"
    );

    let names: Vec<&str> = NAMES.to_vec();
    let found = app
        .client
        .execute(FIND_BOXES, vec![serde_json::json!(names)])
        .await
        .expect("the canvas check runs");
    assert!(
        found["family"]
            .as_str()
            .is_some_and(|f| f.starts_with("\"Channel Desk\"")),
        "names are drawn with the shipped fonts: {found}"
    );
    assert_eq!(
        found["control"].as_bool(),
        Some(true),
        "a character no font has is drawn as the box the check looks for"
    );
    assert_eq!(
        found["boxed"],
        serde_json::json!([]),
        "every grapheme of every name is a real glyph"
    );
    app.stop().await;
}
