-- Stored PDFs were keyed by (document, version) and could be stale (sign-offs, action items and the decision are not
-- part of the version) or drawn by the renderer that dropped capital E; they are a cache, so they are removed. The next
-- migration keys them by a hash of everything the PDF shows.
DELETE FROM "document_pdfs";
