#pragma once
#include <memory>

#include "router.h"
#include "ui_bundle.h"

namespace taskbox::app {

// Every GET/HEAD outside /api and /healthz: the web UI, with ETag/304, gzip when the
// client takes it, immutable caching for /_next/static/ and the export's 404 page.
// The router's fallback shares ownership of the bundle.
void bind_static_routes(Router& router, std::shared_ptr<const UiBundle> ui);

// True when an Accept-Encoding header allows gzip (not "gzip;q=0").
bool accepts_gzip(std::string_view accept_encoding);

// True when an If-None-Match header names `etag` (weak or strong form) or is "*".
bool etag_matches(std::string_view if_none_match, std::string_view etag);

}  // namespace taskbox::app
