// The current time as an ISO 8601 UTC string ("2026-01-02T03:04:05Z"), for provenance records.
#pragma once

#include <string>

namespace ivid {

std::string iso8601_utc_now();

}  // namespace ivid
