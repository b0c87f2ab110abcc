#pragma once
// Internal: the parts of a compact JWS (RFC 7515) and the registered claims of a JWT
// (RFC 7519), shared by the HS256 and the EdDSA tokens so both check claims alike.

#include <picojson.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "taskbox/core/jwt.h"

namespace taskbox::core::detail {

struct CompactJws {
  std::string_view signing_input;  // "header.payload", as received
  picojson::object header;
  std::string payload_json;
  std::string signature;
};

// The decoded parts of `token`. Throws invalid_token when it is empty, longer than
// JwtCodec::kMaxTokenLength, not three base64url parts, or its header is not a JSON
// object, or the header names `crit` (no extension is understood) or an alg other
// than `alg`.
CompactJws split_compact_jws(std::string_view token, std::string_view alg);

// What a token's claims must satisfy: `iss` equal to `issuer` (when `issuer_required`,
// also present), `aud` naming `audience` (with none, a token naming any audience fails),
// `exp` in the future, `nbf` and `iat` not past now + leeway.
struct ClaimRules {
  std::string issuer;
  bool issuer_required = false;
  std::optional<std::string> audience;
  std::int64_t now_seconds = 0;
};

// The claims of a signature-checked payload. Throws token_expired past `exp`,
// invalid_token for anything else that breaks the rules.
TokenClaims read_claims(std::string_view payload_json, const ClaimRules& rules);

}  // namespace taskbox::core::detail
