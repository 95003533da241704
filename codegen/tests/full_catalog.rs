//! The real WorkOS catalog through the emitters, as a reviewable snapshot of what users of the
//! generated crate see: every method signature of `Client`, and every parameter and model
//! struct with its field types (docs and attributes left out). `generated/` itself is checked
//! byte for byte by `generated_is_fresh.rs`; this snapshot makes a change to the public surface
//! stand out in review.

use std::path::Path;

use quote::quote;

fn rendered(path: &str) -> syn::File {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let catalog = actionspec_catalog::load::load_paths(&[root.join("spec/workos")])
        .unwrap_or_else(|diagnostics| panic!("{diagnostics}"));
    let files = codegen::emit::render(&catalog).expect("the catalog renders");
    let file = files.iter().find(|file| file.path == path).expect(path);
    syn::parse_file(&file.contents).expect("generated Rust parses")
}

/// Struct items stripped of attributes, so the snapshot shows names and types only.
fn structs(file: &syn::File) -> Vec<syn::Item> {
    file.items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Struct(item) => {
                let mut item = item.clone();
                item.attrs.clear();
                for field in &mut item.fields {
                    field.attrs.clear();
                }
                Some(syn::Item::Struct(item))
            }
            _ => None,
        })
        .collect()
}

#[test]
fn public_surface_of_the_generated_client() {
    let client = rendered("src/client.rs");
    let signatures: Vec<syn::Signature> = client
        .items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Impl(block) => Some(block.items.iter()),
            _ => None,
        })
        .flatten()
        .filter_map(|item| match item {
            syn::ImplItem::Fn(function) => Some(function.sig.clone()),
            _ => None,
        })
        .collect();
    let params = structs(&rendered("src/params.rs"));
    let models = structs(&rendered("src/models.rs"));
    let surface: syn::File = syn::parse2(quote! {
        trait Client { #(#signatures;)* }
        mod params { #(#params)* }
        mod models { #(#models)* }
    })
    .expect("the surface parses");
    insta::assert_snapshot!(prettyplease::unparse(&surface));
}
