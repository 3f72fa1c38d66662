// SPDX-License-Identifier: GPL-2.0-or-later
#include "common/bounded_line.hpp"

#include <doctest/doctest.h>

using tracelab::lines::BoundedLine;

TEST_CASE("a line gathered across pieces, its CR LF dropped, its size capped") {
  BoundedLine l(8);
  size_t pos = 0;
  CHECK_FALSE(l.take("HEL", pos));
  CHECK(pos == 3);
  CHECK_FALSE(l.empty());
  pos = 0;
  CHECK(l.take("O x\r\nQUIT\n", pos));
  CHECK(l.line() == "HELO x");
  CHECK(pos == 5);
  l.clear();
  CHECK(l.take("O x\r\nQUIT\n", pos));
  CHECK(l.line() == "QUIT");
  CHECK(pos == 10);
  l.clear();
  // A line longer than the cap is consumed whole and kept cut.
  pos = 0;
  CHECK(l.take("0123456789abcdef\r\nnext", pos));
  CHECK(l.line() == "01234567");
  CHECK(pos == 18);
}
