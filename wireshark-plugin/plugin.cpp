// SPDX-License-Identifier: GPL-2.0-or-later
//
// The entry points Wireshark 4.0 looks for when it loads a plugin: the
// version it was built for (it refuses a plugin built for another major or
// minor version) and plugin_register, which hands over the protocol's
// registration functions.
#include "registration.hpp"
#include "ws.hpp"

extern "C" {

// `extern`: a const object at namespace scope has internal linkage in C++,
// even in an extern "C" block, and Wireshark must find these by name.
WS_DLL_PUBLIC_DEF extern const gchar plugin_version[];
WS_DLL_PUBLIC_DEF extern const int plugin_want_major;
WS_DLL_PUBLIC_DEF extern const int plugin_want_minor;
const gchar plugin_version[] = TRACELAB_VERSION;
const int plugin_want_major = WIRESHARK_VERSION_MAJOR;
const int plugin_want_minor = WIRESHARK_VERSION_MINOR;

WS_DLL_PUBLIC void plugin_register(void);

void plugin_register(void) {
  static proto_plugin plugin;
  plugin.register_protoinfo = tracelab::wsplugin::register_protocol;
  plugin.register_handoff = tracelab::wsplugin::register_handoff;
  proto_register_plugin(&plugin);
}

}  // extern "C"
