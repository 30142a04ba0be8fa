#pragma once
// SHA-256 (FIPS 180-4), for the code-migration cache key.

#include <string>
#include <string_view>

namespace retort::detail {

class Sha256 {
 public:
  Sha256();
  Sha256& update(std::string_view data);
  // The digest as 64 lowercase hex characters. Call once.
  std::string hex();

 private:
  void block(const unsigned char* p);
  unsigned m_state[8];
  unsigned char m_buffer[64];
  std::size_t m_buffered = 0;
  unsigned long long m_length = 0;  // bytes
};

}  // namespace retort::detail
