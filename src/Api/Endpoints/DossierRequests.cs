namespace MotCua.Api.Endpoints;

// Request bodies of the dossier routes added with the full lifecycle. Every member is nullable so that a missing field
// is reported as a field error, not a parse failure.

/// <summary>
/// Body of <c>POST /v1/dossiers/{code}/apologize</c>: the new due date (ISO 8601 with an offset, e.g.
/// <c>2026-03-27T17:00:00+07:00</c>) and why the dossier is late.
/// </summary>
public sealed record ApologizeRequest(string? DueAt, string? Reason);

/// <summary>Body of <c>POST /v1/dossiers/{code}/rating</c>: a score 1–5 and an optional comment (at most 1000 characters).</summary>
public sealed record RatingRequest(int? Score, string? Comment);
