// A loopback port nothing listens on now, for servers that cannot pick one and report it (sshd,
// moto). Another process may take it before the server does; tests accept that small race.
#pragma once

namespace lockstep::testing {

int free_port();

}  // namespace lockstep::testing
