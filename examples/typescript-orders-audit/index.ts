import * as pulumi from "@pulumi/pulumi";
import * as vpsorg from "@vpsorg/pulumi-vpsorg";

const config = new pulumi.Config();
const minVcpus = config.getNumber("minVcpus") ?? 2;
const location = config.get("location") ?? "eu-central";

// Recorded in state: `pulumi refresh` shows orders paid, added or gone overdue.
const unpaid = new vpsorg.OrdersAudit("unpaid", {
    status: ["pending_payment", "awaiting_payment"],
});

// The cheapest plan with at least minVcpus in location, kept in state (the policy pack sees it).
const web = new vpsorg.PlanLookup("web", { minVcpus, location });

// The same choice as a data source: read at every run, nothing kept in state.
const cheapest = vpsorg.selectPlanOutput({ minVcpus, location });

export const unpaidCount = unpaid.unpaidCount;
export const unpaidTotal = unpaid.unpaidTotal;
export const overdueCount = unpaid.overdueCount;
export const webPlan = web.slug;
export const webPriceMonthly = web.priceMonthly;
export const cheapestSlug = cheapest.slug;
