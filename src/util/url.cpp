#include "util/url.hpp"

namespace retort::util {

std::string url_with_database(std::string_view url, std::string_view database) {
  const std::size_t scheme = url.find("://");
  const std::size_t start = scheme == std::string_view::npos ? 0 : scheme + 3;
  const std::size_t query = url.find('?', start);
  const std::size_t path = url.find('/', start);
  std::string out;
  if (path != std::string_view::npos && (query == std::string_view::npos || path < query)) {
    out = std::string(url.substr(0, path + 1)) + std::string(database);
  } else {
    out = std::string(url.substr(0, query)) + "/" + std::string(database);
  }
  if (query == std::string_view::npos) {
    return out;
  }
  // A dbname= parameter would win over the path: drop it.
  std::string params;
  std::string_view rest = url.substr(query + 1);
  while (!rest.empty()) {
    const std::size_t amp = rest.find('&');
    const std::string_view param = rest.substr(0, amp);
    if (param.substr(0, 7) != "dbname=") {
      params += (params.empty() ? "" : "&") + std::string(param);
    }
    if (amp == std::string_view::npos) {
      break;
    }
    rest.remove_prefix(amp + 1);
  }
  return params.empty() ? out : out + "?" + params;
}

}  // namespace retort::util
