//! The dashboard's selection of jobs, as plain data: rows ticked one by one (a shift-click
//! ticks the range from the last row clicked), every row of the page, or every job the
//! filter matches with the rows un-ticked since. The last is sent to the engine as the filter
//! itself ([`JobSelection::selection`]), never as the ids it matches, so it holds 100,000 jobs
//! as cheaply as one.

use reelforge_protocol::{BulkSelection, JobId, JobListQuery};

/// Which jobs are selected.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JobSelection {
    /// Every job matching the filter, except `ticked` (then the un-ticked ones).
    all_matching: bool,
    /// The ticked jobs, in the order ticked; with `all_matching`, the un-ticked ones.
    ticked: Vec<JobId>,
    /// The page row last clicked without shift: where a shift-click's range starts.
    anchor: Option<usize>,
}

impl JobSelection {
    /// Nothing selected.
    pub fn none() -> Self {
        Self::default()
    }

    pub fn is_empty(&self) -> bool {
        !self.all_matching && self.ticked.is_empty()
    }

    /// Whether every job the filter matches is selected (minus the un-ticked).
    pub fn is_all_matching(&self) -> bool {
        self.all_matching
    }

    pub fn is_selected(&self, id: &JobId) -> bool {
        self.all_matching != self.ticked.contains(id)
    }

    /// How many jobs are selected, out of `total_matching`.
    pub fn count(&self, total_matching: u64) -> u64 {
        let listed = self.ticked.len() as u64;
        match self.all_matching {
            true => total_matching.saturating_sub(listed),
            false => listed,
        }
    }

    fn set(&mut self, id: &JobId, selected: bool) {
        // `ticked` lists the exceptions to `all_matching`.
        let listed = selected != self.all_matching;
        let at = self.ticked.iter().position(|t| t == id);
        match (listed, at) {
            (true, None) => self.ticked.push(id.clone()),
            (false, Some(i)) => {
                self.ticked.remove(i);
            }
            _ => {}
        }
    }

    /// A click on the checkbox of row `index` of `page`. Without shift it flips that row and
    /// becomes the anchor; with shift, every row from the anchor to it takes the state the
    /// clicked row takes.
    pub fn click(&mut self, page: &[JobId], index: usize, shift: bool) {
        let Some(id) = page.get(index) else { return };
        let target = !self.is_selected(id);
        match self.anchor.filter(|a| shift && *a < page.len()) {
            Some(anchor) => {
                let (from, to) = (anchor.min(index), anchor.max(index));
                for row in &page[from..=to] {
                    self.set(row, target);
                }
            }
            None => {
                self.set(id, target);
                self.anchor = Some(index);
            }
        }
    }

    /// Whether every row of `page` is selected (and it has rows).
    pub fn page_selected(&self, page: &[JobId]) -> bool {
        !page.is_empty() && page.iter().all(|id| self.is_selected(id))
    }

    /// Ticks (or un-ticks) every row of `page`.
    pub fn select_page(&mut self, page: &[JobId], selected: bool) {
        for id in page {
            self.set(id, selected);
        }
    }

    /// Selects every job the filter matches, on every page.
    pub fn select_all_matching(&mut self) {
        self.all_matching = true;
        self.ticked.clear();
    }

    /// What the engine is sent for this selection under the dashboard's `query`.
    pub fn selection(&self, query: &JobListQuery) -> BulkSelection {
        match self.all_matching {
            true => BulkSelection::Filter {
                status: query.status,
                search: query.search.clone().filter(|s| !s.trim().is_empty()),
                except: self.ticked.clone(),
            },
            false => BulkSelection::Ids {
                ids: self.ticked.clone(),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reelforge_protocol::JobStatus;

    fn page(n: usize) -> Vec<JobId> {
        (0..n).map(|i| JobId(format!("j{i}"))).collect()
    }

    fn ids(selection: &JobSelection, query: &JobListQuery) -> Vec<String> {
        match selection.selection(query) {
            BulkSelection::Ids { ids } => ids.into_iter().map(|i| i.0).collect(),
            other => panic!("not ids: {other:?}"),
        }
    }

    #[test]
    fn a_click_ticks_one_row_and_a_shift_click_ticks_the_range() {
        let rows = page(10);
        let mut sel = JobSelection::none();
        sel.click(&rows, 2, false);
        sel.click(&rows, 6, true);
        let q = JobListQuery::default();
        assert_eq!(ids(&sel, &q), ["j2", "j3", "j4", "j5", "j6"]);
        assert_eq!(sel.count(100), 5);
        // Shift-click upwards from the same anchor un-ticks when the clicked row was ticked.
        sel.click(&rows, 4, true);
        assert_eq!(ids(&sel, &q), ["j5", "j6"]);
        // A shift-click without an anchor acts as a plain click.
        let mut fresh = JobSelection::none();
        fresh.click(&rows, 7, true);
        assert_eq!(ids(&fresh, &q), ["j7"]);
    }

    #[test]
    fn the_page_is_ticked_and_unticked_at_once() {
        let rows = page(3);
        let mut sel = JobSelection::none();
        sel.click(&rows, 1, false);
        assert!(!sel.page_selected(&rows));
        sel.select_page(&rows, true);
        assert!(sel.page_selected(&rows));
        assert_eq!(sel.count(50), 3);
        sel.select_page(&rows, false);
        assert!(sel.is_empty());
    }

    #[test]
    fn across_the_filter_the_selection_travels_as_the_filter_minus_the_unticked() {
        let rows = page(25);
        let query = JobListQuery {
            status: Some(JobStatus::Failed),
            search: Some("rust".into()),
            page: 3,
            page_size: 25,
        };
        let mut sel = JobSelection::none();
        sel.select_page(&rows, true);
        sel.select_all_matching();
        assert!(sel.is_all_matching());
        assert_eq!(sel.count(100_000), 100_000);
        sel.click(&rows, 4, false);
        assert!(!sel.is_selected(&rows[4]));
        assert!(sel.is_selected(&rows[5]));
        assert_eq!(sel.count(100_000), 99_999);
        assert_eq!(
            sel.selection(&query),
            BulkSelection::Filter {
                status: Some(JobStatus::Failed),
                search: Some("rust".into()),
                except: vec![rows[4].clone()],
            }
        );
        // Ticking it again empties the exceptions.
        sel.click(&rows, 4, false);
        assert_eq!(sel.count(100_000), 100_000);
    }
}
