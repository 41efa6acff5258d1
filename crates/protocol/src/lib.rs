//! The IPC contract between the Reelforge desktop shell and its UI.
//!
//! Everything that crosses the webview boundary is defined here: id newtypes, the DTOs of
//! templates, jobs, segments and takes, each command declared once with its request and
//! response types ([`commands`]), the event names, and [`ApiError`]; and the domain rules both
//! sides apply: the configuration cascade ([`config`]), money ([`money`]) and the known beats
//! ([`Beat`]).
//! The crate compiles for `wasm32-unknown-unknown` and native targets and depends on serde
//! and thiserror only, so the UI never links the engine.

pub mod activity;
pub mod api_access;
pub mod assembly;
pub mod beat;
pub mod bulk;
pub mod captions;
pub mod chain;
pub mod commands;
pub mod config;
pub mod error;
pub mod export_format;
pub mod generation;
pub mod ids;
pub mod image_provider;
pub mod job;
pub mod keys;
pub mod limits;
pub mod media;
pub mod money;
pub mod music;
pub mod narration_plan;
pub mod own_clip;
pub mod preview;
pub mod promotion;
pub mod provider;
pub mod quick;
pub mod segment_edit;
pub mod segment_focus;
pub mod settings;
pub mod status;
pub mod storyboard;
pub mod take_error;
pub mod template;
pub mod voice;

pub use activity::{
    ActivityEntry, FallbackSkipReason, ProviderFailure, SegmentField, SubmitUnknownCause,
};
pub use api_access::{ApiAccess, ApiAccessChange, DEFAULT_API_PORT, TurnOnApiRequest, api_url};
pub use assembly::{AssembleRequest, ImportedAudio, SelectTakeRequest, TransitionChoice};
pub use beat::Beat;
pub use bulk::{
    BulkAction, BulkJobsRequest, BulkRefusal, BulkRefusalReason, BulkSelection, BulkSummary,
    DuplicateJobRequest,
};
pub use captions::{CaptionPlatform, CaptionStyle};
pub use chain::{ChainStatus, SegmentChainState, SegmentChainSwitch, SetChainingRequest};
pub use commands::Command;
pub use error::{ApiError, ErrorCode};
pub use export_format::{EXPORT_FORMATS, ExportFormat, ExportedFile};
pub use generation::{
    AssembledSegment, AssemblyResult, CostEstimate, DecideRequest, EngineEvent, NarrationUsed,
    SegmentEstimate, SegmentRef, SubmitUnknownDecision,
};
pub use ids::{AssetId, AudioId, JobId, ProviderId, SegmentId, TakeId, TemplateId};
pub use image_provider::{ImageModelDescriptor, ImageProviderDescriptor, ImageSize};
pub use job::*;
pub use keys::{
    KeyStorage, KeyTestResult, ProviderSettings, ProviderStatus, SetProviderKeyRequest,
    UpdateProviderSettingsRequest,
};
pub use limits::{Limit, LimitExceeded, LimitUnit};
pub use media::{AspectRatio, GenerationMode};
pub use music::{MusicChoice, MusicLibrary, MusicTrackInfo, SetMusicFolderRequest};
pub use narration_plan::{NarrationPlan, NarrationPlanRequest, SegmentNarrationFit};
pub use own_clip::{ImportedClip, UPLOADED_CLIP_PROVIDER, UseClipRequest};
pub use preview::{
    FilesDropped, ImportAssetRequest, ImportedAsset, MediaRef, PickedFiles, RejectedFile,
    SetSegmentReferencesRequest,
};
pub use promotion::{ModelTier, PromotionRequest};
pub use provider::{
    ImageInputKind, ImageInputSpec, ModelDescriptor, Pricing, ProviderDescriptor, RequestField,
    RequiredField,
};
pub use quick::{
    QuickPhase, QuickProgress, QuickRequest, ScriptDto, ScriptLanguage, ScriptSegment, WriterKind,
    WriterSettings,
};
pub use segment_edit::{EditSegmentRequest, SetJobReferencesRequest};
pub use segment_focus::{FOCUS_CENTRE_PERMILLE, SegmentFocus, SetSegmentFocusRequest};
pub use settings::{AppInfo, AppSettings, FfmpegInfo, ToolSource};
pub use status::{JobStatusReport, KeyframeStatusReport, SegmentStatusReport};
pub use storyboard::{
    AnimateOutcome, ApproveKeyframesRequest, GenerateKeyframesRequest, KeyframeDto,
    SelectKeyframeRequest, Storyboard, StoryboardOptionsRequest, StoryboardSegment,
};
pub use take_error::TakeErrorCode;
pub use template::{StyleDefaults, TemplateDto, TemplateInput};
pub use voice::{
    CaptionPreviewRequest, NarrationChoice, SetJobVoiceRequest, VoiceAndCaptions, VoiceDescriptor,
    VoiceOption, VoicePreview, VoicePreviewRequest,
};
