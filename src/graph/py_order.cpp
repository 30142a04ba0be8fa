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

namespace {

// A CPython 3.11 set of strings (setobject.c): open addressing with
// LINEAR_PROBES = 9 and PERTURB_SHIFT = 5, growing to a table for used*4
// once it is 3/5 full, discards leaving dummies, and difference_update
// rebuilding the table once more than a quarter of it is dummies. Only the
// layout is kept: slot -> index of the item stored there.
class PySet {
 public:
  explicit PySet(const std::vector<std::string>& items) : m_items(&items), m_table(8) {}

  void add(std::size_t k, std::uint64_t hash) {
    const std::size_t mask = m_table.size() - 1;
    std::size_t i = static_cast<std::size_t>(hash & mask);
    std::uint64_t perturb = hash;
    for (;;) {
      std::size_t probes = i + k_linear_probes <= mask ? k_linear_probes : 0;
      std::size_t e = i;
      for (;;) {
        Slot& slot = m_table[e];
        if (slot.state == State::empty) {
          slot = {State::active, hash, k};
          ++m_fill;
          ++m_used;
          if (m_fill * 5 >= mask * 3) {
            resize(m_used > 50000 ? m_used * 2 : m_used * 4);
          }
          return;
        }
        if (slot.state == State::active && slot.hash == hash && (*m_items)[slot.item] == (*m_items)[k]) {
          return;  // already present
        }
        if (probes-- == 0) {
          break;
        }
        ++e;
      }
      perturb >>= 5;
      i = static_cast<std::size_t>((i * 5 + 1 + perturb) & mask);
    }
  }

  // One difference_update call.
  void difference_update(const std::vector<std::string>& discard) {
    for (const auto& d : discard) {
      for (auto& slot : m_table) {
        if (slot.state == State::active && (*m_items)[slot.item] == d) {
          slot.state = State::dummy;
          --m_used;
        }
      }
    }
    if (m_fill - m_used > (m_table.size() - 1) / 4) {
      resize(m_used > 50000 ? m_used * 2 : m_used * 4);
    }
  }

  std::vector<std::size_t> order() const {
    std::vector<std::size_t> out;
    for (const auto& slot : m_table) {
      if (slot.state == State::active) {
        out.push_back(slot.item);
      }
    }
    return out;
  }

 private:
  static constexpr std::size_t k_linear_probes = 9;
  enum class State { empty, active, dummy };
  struct Slot {
    State state = State::empty;
    std::uint64_t hash = 0;
    std::size_t item = 0;
  };

  void resize(std::size_t min_used) {
    std::size_t size = 8;
    while (size <= min_used) {
      size <<= 1;
    }
    std::vector<Slot> old(size);
    old.swap(m_table);
    const std::size_t mask = size - 1;
    for (const auto& slot : old) {
      if (slot.state != State::active) {
        continue;
      }
      // set_insert_clean
      std::size_t i = static_cast<std::size_t>(slot.hash & mask);
      std::uint64_t perturb = slot.hash;
      for (;;) {
        std::size_t free = size;
        if (m_table[i].state == State::empty) {
          free = i;
        } else if (i + k_linear_probes <= mask) {
          for (std::size_t j = 1; j <= k_linear_probes; ++j) {
            if (m_table[i + j].state == State::empty) {
              free = i + j;
              break;
            }
          }
        }
        if (free != size) {
          m_table[free] = slot;
          break;
        }
        perturb >>= 5;
        i = static_cast<std::size_t>((i * 5 + 1 + perturb) & mask);
      }
    }
    m_fill = m_used;
  }

  const std::vector<std::string>* m_items;
  std::vector<Slot> m_table;
  std::size_t m_fill = 0;
  std::size_t m_used = 0;
};

}  // namespace

std::optional<std::vector<std::size_t>> set_order(const std::vector<std::string>& items,
                                                  const std::vector<std::vector<std::string>>& discards) {
  PySet set(items);
  for (std::size_t k = 0; k < items.size(); ++k) {
    const auto h = str_hash(items[k]);
    if (!h) {
      return std::nullopt;
    }
    set.add(k, *h);
  }
  for (const auto& d : discards) {
    set.difference_update(d);
  }
  return set.order();
}

}  // namespace retort::py
