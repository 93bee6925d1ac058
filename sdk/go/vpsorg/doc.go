// The VPS.org API as code for Pulumi programs in Python: plan lookups and selection, order audits, order settings, policy packs.
package vpsorg
