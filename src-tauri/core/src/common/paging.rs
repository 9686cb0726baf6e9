//! Long lists shown a page at a time: the case list, the actions and the audit trail.

/// Which page of a list is shown and how many there are (at least one, even when empty).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    pub page: u32,
    pub pages: u32,
    size: u32,
}

impl Paging {
    /// The page asked for among `total` rows, or the last page when the list is now shorter.
    pub fn of(total: u32, asked: u32, size: u32) -> Paging {
        let pages = total.div_ceil(size).max(1);
        Paging {
            page: asked.min(pages - 1),
            pages,
            size,
        }
    }

    /// How many rows come before this page.
    pub fn offset(self) -> u32 {
        self.page * self.size
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_past_the_end_is_the_last_and_an_empty_list_has_one_page() {
        let p = Paging::of(51, 9, 25);
        assert_eq!((p.page, p.pages, p.offset()), (2, 3, 50));
        let p = Paging::of(0, 0, 25);
        assert_eq!((p.page, p.pages, p.offset()), (0, 1, 0));
        assert_eq!(Paging::of(50, 1, 25).pages, 2);
    }
}
