#include "graph/py_order.hpp"

#include <cstdint>
#include <cstring>

namespace retort::py {

namespace {

std::uint64_t rotl(std::uint64_t x, int b) { return (x << b) | (x >> (64 - b)); }

void sip_round(std::uint64_t& v0, std::uint64_t& v1, std::uint64_t& v2, std::uint64_t& v3) {
  v0 += v1;
  v1 = rotl(v1, 13) ^ v0;
  v0 = rotl(v0, 32);
  v2 += v3;
  v3 = rotl(v3, 16) ^ v2;
  v0 += v3;
  v3 = rotl(v3, 21) ^ v0;
  v2 += v1;
  v1 = rotl(v1, 17) ^ v2;
  v2 = rotl(v2, 32);
}

// SipHash-1-3 with a zero key, as CPython 3.11 hashes str when
// PYTHONHASHSEED=0.
std::uint64_t siphash13_zero_key(const unsigned char* data, std::size_t n) {
  std::uint64_t v0 = 0x736F6D6570736575ULL;
  std::uint64_t v1 = 0x646F72616E646F6DULL;
  std::uint64_t v2 = 0x6C7967656E657261ULL;
  std::uint64_t v3 = 0x7465646279746573ULL;
  const std::size_t full = n / 8 * 8;
  for (std::size_t i = 0; i < full; i += 8) {
    std::uint64_t m = 0;
    for (int j = 7; j >= 0; --j) {
      m = (m << 8) | data[i + static_cast<std::size_t>(j)];
    }
    v3 ^= m;
    sip_round(v0, v1, v2, v3);
    v0 ^= m;
  }
  std::uint64_t b = static_cast<std::uint64_t>(n & 0xFF) << 56;
  for (std::size_t j = 0; full + j < n; ++j) {
    b |= static_cast<std::uint64_t>(data[full + j]) << (8 * j);
  }
  v3 ^= b;
  sip_round(v0, v1, v2, v3);
  v0 ^= b;
  v2 ^= 0xFF;
  for (int r = 0; r < 3; ++r) {
    sip_round(v0, v1, v2, v3);
  }
  return v0 ^ v1 ^ v2 ^ v3;
}

// Python's hash(str) as an unsigned machine word; nullopt for text that is
// not latin-1 (CPython would hash its wider representation).
std::optional<std::uint64_t> str_hash(const std::string& s) {
  if (s.empty()) {
    return 0;
  }
  std::vector<unsigned char> latin1;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      latin1.push_back(c);
    } else if ((c == 0xC2 || c == 0xC3) && i + 1 < s.size()) {
      latin1.push_back(static_cast<unsigned char>(((c & 0x03) << 6) | (static_cast<unsigned char>(s[++i]) & 0x3F)));
    } else {
      return std::nullopt;
    }
  }
  std::uint64_t h = siphash13_zero_key(latin1.data(), latin1.size());
  if (h == ~std::uint64_t{0}) {
    h = ~std::uint64_t{0} - 1;  // -1 is reserved: CPython uses -2
  }
  return h;
}

}  // namespace

std::optional<std::vector<std::size_t>> set_order(const std::vector<std::string>& items) {
  constexpr std::size_t mask = 7;
  std::vector<std::optional<std::size_t>> table(mask + 1);
  std::size_t distinct = 0;
  for (std::size_t k = 0; k < items.size(); ++k) {
    bool present = false;
    for (const auto& slot : table) {
      if (slot && items[*slot] == items[k]) {
        present = true;
      }
    }
    if (present) {
      continue;
    }
    if (++distinct > 4) {
      return std::nullopt;  // the table would grow; not reproduced
    }
    const auto h = str_hash(items[k]);
    if (!h) {
      return std::nullopt;
    }
    std::uint64_t perturb = *h;
    std::size_t i = static_cast<std::size_t>(*h & mask);
    while (table[i]) {
      perturb >>= 5;
      i = static_cast<std::size_t>((i * 5 + 1 + perturb) & mask);
    }
    table[i] = k;
  }
  std::vector<std::size_t> order;
  for (const auto& slot : table) {
    if (slot) {
      order.push_back(*slot);
    }
  }
  return order;
}

}  // namespace retort::py
