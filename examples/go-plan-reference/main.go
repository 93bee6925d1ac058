// A plan pinned by slug: the PlanLookup records it in state (refresh shows a price change), and
// getPlan reads the same plan as a data source.
package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
	"github.com/vpsorg/pulumi-vpsorg/sdk/go/vpsorg"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		cfg := config.New(ctx, "")
		slug := cfg.Get("planSlug")
		if slug == "" {
			slug = "standard"
		}
		web, err := vpsorg.NewPlanLookup(ctx, "web", &vpsorg.PlanLookupArgs{
			Slug: pulumi.StringPtr(slug),
		})
		if err != nil {
			return err
		}
		details, err := vpsorg.GetPlan(ctx, &vpsorg.GetPlanArgs{Slug: &slug})
		if err != nil {
			return err
		}
		ctx.Export("planId", web.PlanId)
		ctx.Export("planName", web.Name)
		ctx.Export("priceMonthly", web.PriceMonthly)
		ctx.Export("recommendedFor", pulumi.ToStringArray(details.RecommendedFor))
		return nil
	})
}
