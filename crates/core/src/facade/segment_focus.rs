//! Per-segment crop focus of the [`Core`] facade: where each segment's picture is cropped
//! around when a multi-format export reframes it ([`Core::set_segment_focus`]); the centre
//! unless set.

use super::Core;
use crate::error::{CoreError, CoreResult};
use crate::media::Focus;
use crate::storage::segment_focus;
use reelforge_protocol::{JobDetail, JobId, SegmentFocus, SetSegmentFocusRequest};

impl Core {
    /// Sets segment `number`'s (1-based) crop centre, in thousandths of the picture's width
    /// and height from its top left (500, 500: the centre).
    pub async fn set_segment_focus(
        &self,
        id: &JobId,
        number: u32,
        x_permille: u16,
        y_permille: u16,
    ) -> CoreResult<()> {
        if x_permille > 1000 || y_permille > 1000 {
            return Err(CoreError::validation(
                "focus",
                "each coordinate is in thousandths of the picture: 0 to 1000",
            ));
        }
        let detail = self.get_job(id).await?;
        let segment = detail
            .segments
            .iter()
            .find(|s| s.index + 1 == number)
            .ok_or_else(|| CoreError::not_found("segment", number.to_string()))?;
        let mut tx = self.db().begin_write().await?;
        segment_focus::set(&mut tx, &segment.id, x_permille, y_permille).await?;
        tx.commit().await?;
        Ok(())
    }

    /// [`Core::set_segment_focus`] for the job screen (zero-based segment index); the stored
    /// points after it.
    pub async fn set_segment_focus_point(
        &self,
        req: &SetSegmentFocusRequest,
    ) -> CoreResult<Vec<SegmentFocus>> {
        let job = &req.segment.job_id;
        let number = req.segment.index.saturating_add(1);
        self.set_segment_focus(job, number, req.x_permille, req.y_permille)
            .await?;
        self.segment_focus_points(job).await
    }

    /// The job's stored focus points, in segment order (a segment not listed keeps the centre).
    pub async fn segment_focus_points(&self, id: &JobId) -> CoreResult<Vec<SegmentFocus>> {
        self.get_job(id).await?;
        let mut conn = self.db().reader().acquire().await?;
        let stored = segment_focus::for_job(&mut conn, id).await?;
        Ok(stored
            .into_iter()
            .map(|(index, x_permille, y_permille)| SegmentFocus {
                index,
                x_permille,
                y_permille,
            })
            .collect())
    }

    /// Each segment's crop centre, in segment order.
    pub(super) async fn segment_focus(
        &self,
        id: &JobId,
        detail: &JobDetail,
    ) -> CoreResult<Vec<Focus>> {
        let mut conn = self.db().reader().acquire().await?;
        let stored = segment_focus::for_job(&mut conn, id).await?;
        let mut indexes: Vec<u32> = detail.segments.iter().map(|s| s.index).collect();
        indexes.sort_unstable();
        Ok(indexes
            .into_iter()
            .map(|index| {
                stored
                    .iter()
                    .find(|(i, _, _)| *i == index)
                    .map_or(Focus::CENTRE, |(_, x, y)| Focus::new(*x, *y))
            })
            .collect())
    }
}
