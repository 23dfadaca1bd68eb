/** The node agent: hardware and usage, processor drivers, supervision, the session with the servers. */
package io.streamfleet.agent;
